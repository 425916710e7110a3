// Loads .env (if present) into process.env without overriding variables already set.
import dotenv from 'dotenv';

export function loadEnvFile(path = '.env'): void {
  dotenv.config({ path, quiet: true });
}
