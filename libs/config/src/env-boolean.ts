import { Transform } from 'class-transformer';

/** `true/1/yes/on` and `false/0/no/off` from the environment (implicit conversion would make "false" true). */
export const EnvBoolean = (): PropertyDecorator =>
  Transform(({ obj, key, value }) => {
    const raw = obj[key];
    if (typeof raw === 'boolean' || raw === undefined) return raw ?? value;
    const text = String(raw).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(text)) return true;
    if (['false', '0', 'no', 'off', ''].includes(text)) return false;
    return raw;
  });
