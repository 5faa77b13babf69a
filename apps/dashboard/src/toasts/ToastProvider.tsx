import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { AlertOctagon, AlertTriangle, CheckCircle2, GitCompareArrows, Info, X } from 'lucide-react';
import { ToastContext, type Toast, type ToastApi, type ToastTone } from './toast-store';

const MAX_TOASTS = 5;
const TOAST_LIFETIME_MS = 8_000;

const TONE_STYLE: Record<ToastTone, { box: string; icon: ReactNode }> = {
  success: { box: 'border-up/60 bg-up/15 text-up', icon: <CheckCircle2 size={16} /> },
  warning: { box: 'border-warn/60 bg-warn/15 text-warn', icon: <AlertTriangle size={16} /> },
  danger: { box: 'border-down/60 bg-down/15 text-down', icon: <AlertOctagon size={16} /> },
  drift: { box: 'border-drift/60 bg-drift/15 text-drift', icon: <GitCompareArrows size={16} /> },
  info: { box: 'border-accent/60 bg-accent/15 text-accent', icon: <Info size={16} /> },
};

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);

  const push = useCallback(
    (toast: Omit<Toast, 'id' | 'at'>) => {
      const id = nextId.current++;
      // Bounded: the newest MAX_TOASTS stay, older ones drop off.
      setToasts((all) => [...all, { ...toast, id, at: Date.now() }].slice(-MAX_TOASTS));
      setTimeout(() => dismiss(id), TOAST_LIFETIME_MS);
    },
    [dismiss],
  );

  const api = useMemo<ToastApi>(() => ({ push, dismiss }), [push, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-96 flex-col gap-2"
        aria-live="polite"
      >
        {toasts.map((t) => (
          <div
            key={t.id}
            role="status"
            data-testid={`toast-${t.tone}`}
            className={`pointer-events-auto flex items-start gap-2 rounded-md border px-3 py-2 text-sm shadow-lg backdrop-blur ${TONE_STYLE[t.tone].box}`}
          >
            <span className="mt-0.5 shrink-0">{TONE_STYLE[t.tone].icon}</span>
            <div className="min-w-0 flex-1">
              <div className="font-semibold">{t.title}</div>
              <div className="break-words text-fg/90">{t.message}</div>
            </div>
            <button
              type="button"
              aria-label="Dismiss"
              className="shrink-0 text-fg/60 hover:text-fg"
              onClick={() => dismiss(t.id)}
            >
              <X size={14} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
