import { ChevronLeft, ChevronRight } from 'lucide-react';
import { Button } from './Button';

interface PaginationProps {
  offset: number;
  pageSize: number;
  total: number;
  onOffset: (offset: number) => void;
  testId: string;
}

export function Pagination({ offset, pageSize, total, onOffset, testId }: PaginationProps) {
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(total, offset + pageSize);
  return (
    <div data-testid={testId} className="mt-2 flex items-center justify-end gap-2 text-xs text-muted">
      <span>
        <span className="num" data-num={String(first)}>
          {first}
        </span>
        –
        <span className="num" data-num={String(last)}>
          {last}
        </span>{' '}
        of{' '}
        <span className="num" data-num={String(total)} data-testid={`${testId}-total`}>
          {total}
        </span>
      </span>
      <Button
        aria-label="Previous page"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        <ChevronLeft size={14} />
      </Button>
      <Button
        aria-label="Next page"
        disabled={offset + pageSize >= total}
        onClick={() => onOffset(offset + pageSize)}
      >
        <ChevronRight size={14} />
      </Button>
    </div>
  );
}
