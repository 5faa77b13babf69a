import { createContext, useContext } from 'react';

export type ToastTone = 'success' | 'warning' | 'danger' | 'drift' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  message: string;
  at: number;
}

export interface ToastApi {
  push(toast: Omit<Toast, 'id' | 'at'>): void;
  dismiss(id: number): void;
}

export const ToastContext = createContext<ToastApi | null>(null);

export function useToasts(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToasts must be used inside <ToastProvider>');
  return api;
}
