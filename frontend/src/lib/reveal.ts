// {@attach reveal}: scrolls an element into view when it appears — a quick
// form opened under a card on a phone would otherwise start below the fold.
export function reveal(node: HTMLElement): void {
  node.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
}
