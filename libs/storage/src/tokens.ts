/** Injection token of the app's ObjectStorage (local or S3, from StorageEnv). */
export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');
