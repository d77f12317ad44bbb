/**
 * Storage keys are made by Spool from ids it generated, never from a user's
 * file name: `assets/<asset id>/<role>.<extension>`.
 */
export const assetObjectKey = (assetId: string, role: string, extension: string): string =>
  `assets/${assetId.toLowerCase()}/${role.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.${extension.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
