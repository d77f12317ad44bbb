import { execSync } from 'node:child_process';

/**
 * The end-to-end tests run the services from dist/, so the build must be
 * current: compile once before any test file starts (incremental, so quick
 * when nothing changed).
 */
export default async function globalSetup(globalConfig: { rootDir: string }): Promise<void> {
  execSync('npm run build --silent', { cwd: globalConfig.rootDir, stdio: 'inherit' });
}
