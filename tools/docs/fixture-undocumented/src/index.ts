/** A documented function. */
export function documented(): number {
  return 1;
}

export function undocumented(): number {
  return 2;
}
