'use client';

import { useEffect, useState } from 'react';

/** Selects or clears every asset checkbox of a form, and says how many are selected. */
export function SelectAll({ form }: { form: string }) {
  const [selected, setSelected] = useState(0);
  const [total, setTotal] = useState(0);

  useEffect(() => {
    const element = document.getElementById(form);
    if (!(element instanceof HTMLFormElement)) return;
    const boxes = () => Array.from(element.querySelectorAll<HTMLInputElement>('input[type=checkbox][name=asset]'));
    const update = () => {
      setTotal(boxes().length);
      setSelected(boxes().filter((b) => b.checked).length);
    };
    update();
    element.addEventListener('change', update);
    return () => element.removeEventListener('change', update);
  }, [form]);

  return (
    <label className="select-all">
      <input
        type="checkbox"
        checked={total > 0 && selected === total}
        ref={(el) => {
          if (el) el.indeterminate = selected > 0 && selected < total;
        }}
        onChange={(e) => {
          const element = document.getElementById(form);
          if (!(element instanceof HTMLFormElement)) return;
          for (const box of element.querySelectorAll<HTMLInputElement>('input[type=checkbox][name=asset]')) box.checked = e.target.checked;
          element.dispatchEvent(new Event('change'));
        }}
      />
      Select all on this page <span aria-live="polite">({selected} selected)</span>
    </label>
  );
}
