/**
 * Renders `children` only from the task after the first paint that follows its mount (`fallback`
 * until then). Wraps the parts of a screen that can come a frame later, so that the first paint
 * (for example the waterfall's first rows after a file is dropped) does not wait for them.
 */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';

export function AfterFirstPaint({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // the animation frame callback runs before the paint; a task queued from it runs after
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setReady(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready]);
  return <>{ready ? children : fallback}</>;
}
