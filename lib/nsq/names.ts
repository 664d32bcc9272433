// NSQ's rule for topic and channel names (internal/protocol/names.go), checked before anything is
// sent: nsqd and nsqlookupd would refuse the name anyway, but a clear 400 here says why.
export const NAME_RULE = '1 to 64 characters of letters, digits, ".", "_" and "-", optionally ending in "#ephemeral"';

const NAME = /^[.a-zA-Z0-9_-]+(#ephemeral)?$/;

export function isValidName(name: string): boolean {
  return name.length >= 1 && name.length <= 64 && NAME.test(name);
}
