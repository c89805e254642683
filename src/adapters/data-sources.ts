/**
 * Opens resolved data locations as FileSources: local paths on disk, blob locations through a
 * `BlobServiceClient` for the app's account (or one built for another account URL with the same credential).
 */
import { BlobServiceClient } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/identity';
import type { SourceOpener } from '../core/data/load.js';
import { localFileSource } from './local-files.js';
import { blobFileSource } from './blob-files.js';

export interface DataSourceOptions {
  /** Folder for relative local paths; default the working directory. */
  readonly baseDir?: string;
  /** The app's storage account: a connection string, or an account URL + credential (identity-based). */
  readonly blobService?: BlobServiceClient;
  /** Used for blob locations on other accounts (`https://<other>.blob...`). */
  readonly credential?: TokenCredential;
}

export function sourceOpener(options: DataSourceOptions = {}): SourceOpener {
  const local = localFileSource(options.baseDir);
  const services = new Map<string, BlobServiceClient>();
  const serviceFor = (accountUrl: string | undefined): BlobServiceClient => {
    const own = options.blobService;
    if (accountUrl === undefined || (own && own.url.replace(/\/$/, '') === accountUrl.replace(/\/$/, ''))) {
      if (!own) throw new Error('blob data requested but no storage account is configured');
      return own;
    }
    let svc = services.get(accountUrl);
    if (!svc) {
      svc = new BlobServiceClient(accountUrl, options.credential);
      services.set(accountUrl, svc);
    }
    return svc;
  };
  return (location) => {
    if (location.kind === 'local') return { source: local, path: location.path };
    return {
      source: blobFileSource(serviceFor(location.accountUrl).getContainerClient(location.container)),
      path: location.path,
    };
  };
}
