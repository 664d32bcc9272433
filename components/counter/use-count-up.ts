'use client';

import { useEffect, useRef, useState } from 'react';
import { done, retarget, valueAt } from './count-up';

/**
 * The number to display for a total that arrives in samples: it counts up to each new sample over
 * `durationMs` with requestAnimationFrame (which also pauses in background tabs), and jumps when
 * the user prefers reduced motion.
 */
export function useCountUp(target: number | null, durationMs: number): number | null {
  const [shown, setShown] = useState<number | null>(target);
  const current = useRef<number | null>(target);
  useEffect(() => {
    if (target === null) return;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const anim = retarget(current.current, target, performance.now(), reduce ? 0 : durationMs);
    let raf = 0;
    const frame = (t: number) => {
      const v = valueAt(anim, t);
      if (v !== current.current) {
        current.current = v;
        setShown(v);
      }
      if (!done(anim, t)) raf = requestAnimationFrame(frame);
    };
    frame(performance.now());
    return () => cancelAnimationFrame(raf);
  }, [target, durationMs]);
  return shown;
}
