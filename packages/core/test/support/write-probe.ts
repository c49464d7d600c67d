/** Tries to write `patch` into `target`, as an app's careless handler might: says whether the write was refused. */
export function tryToWrite(target: object, patch: object): 'written' | 'refused' {
  try {
    Object.assign(target, patch);
    return 'written';
  } catch (caught) {
    if (caught instanceof TypeError) return 'refused';
    throw caught;
  }
}
