/**
 * getElementById that also works inside a shadow root (the <spanmap-viewer> element renders the
 * views there, where document.getElementById cannot see them).
 */
export function byId(from: Node | null | undefined, id: string): HTMLElement | null {
  const root = from?.getRootNode?.() as Document | ShadowRoot | undefined;
  return (root && 'getElementById' in root ? root.getElementById(id) : null) ?? document.getElementById(id);
}
