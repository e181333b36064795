import { useState, type KeyboardEvent } from 'react';

export interface Suggestion {
  key: string;
  label: string;
  hint?: string;
}

/**
 * A pick list under a text box (canned replies after `/`, members after `@`): arrows move, Enter or
 * Tab picks, Escape closes. `keyDown` answers whether it used the key.
 */
export function useSuggestions(items: readonly Suggestion[], pick: (s: Suggestion) => void) {
  const [index, setIndex] = useState(0);
  const [dismissed, setDismissed] = useState<string>();
  const signature = items.map((i) => i.key).join('|');
  const open = items.length > 0 && dismissed !== signature;
  const at = Math.min(index, items.length - 1);

  function keyDown(event: KeyboardEvent): boolean {
    if (!open) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setIndex((at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
      return true;
    }
    if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      const chosen = items[at];
      if (chosen) pick(chosen);
      setIndex(0);
      return true;
    }
    if (event.key === 'Escape') {
      setDismissed(signature);
      return true;
    }
    return false;
  }

  const list = open ? (
    <ul className="suggestions" role="listbox">
      {items.map((s, i) => (
        <li key={s.key} role="option" aria-selected={i === at}>
          <button
            type="button"
            className={i === at ? 'active' : ''}
            // Before the textarea's blur, so the pick lands.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(s);
              setIndex(0);
            }}
          >
            <strong>{s.label}</strong>
            {s.hint ? <span className="muted small"> {s.hint}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  ) : null;
  return { list, keyDown };
}
