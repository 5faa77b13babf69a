import { useEffect, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { X } from 'lucide-react';

interface ModalProps {
  title: string;
  onClose: () => void;
  testId: string;
  wide?: boolean;
  children: ReactNode;
  footer?: ReactNode;
}

export function Modal({ title, onClose, testId, wide = false, children, footer }: ModalProps) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // Portalled to <body>: an ancestor with a backdrop filter (the sticky header) would otherwise
  // become the containing block of this fixed overlay and clip it.
  return createPortal(
    <div
      className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-black/60 p-6 backdrop-blur-sm"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        className={`mt-10 flex max-h-[calc(100vh-5rem)] w-full flex-col rounded-lg border border-edge bg-panel shadow-2xl ${wide ? 'max-w-5xl' : 'max-w-lg'}`}
      >
        <header className="flex items-center justify-between border-b border-edge px-4 py-2.5">
          <h2 className="truncate text-sm font-semibold">{title}</h2>
          <button type="button" aria-label="Close" onClick={onClose} className="text-muted hover:text-fg">
            <X size={16} />
          </button>
        </header>
        <div className="min-h-0 flex-1 overflow-y-auto p-4">{children}</div>
        {footer ? (
          <footer className="flex justify-end gap-2 border-t border-edge px-4 py-2.5">{footer}</footer>
        ) : null}
      </div>
    </div>,
    document.body,
  );
}
