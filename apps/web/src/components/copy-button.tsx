'use client';

import { useState } from 'react';
import { asyncHandler } from '../lib/async-handler';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="button small"
      onClick={asyncHandler(async () => {
        // Outside a secure context (plain http to another host) there is no navigator.clipboard, and
        // it refuses without permission: say so; the text is still there to select by hand.
        try {
          await navigator.clipboard.writeText(text);
          setState('copied');
        } catch {
          setState('failed');
        }
        setTimeout(() => setState('idle'), 2000);
      })}
    >
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}</span>
    </button>
  );
}
