import * as l10n from '../engine/l10n/t';
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, normalizeSettings } from '../engine';
import type { Settings } from '../engine';

/**
 * `netpolLens.*` per document, pulled with workspace/configuration (so folder settings apply) and
 * cached until the client says the configuration changed. Clients that cannot be asked get the
 * settings pushed with didChangeConfiguration, or the defaults.
 */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;
  canPull = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'netpolLens' })
        .then((raw: unknown) => this.normalize(raw))
        .catch(() => DEFAULT_SETTINGS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** didChangeConfiguration: drop the cache; take pushed settings when the client sends them. */
  changed(pushedSettings: unknown): void {
    this.cache.clear();
    const section = (pushedSettings as { netpolLens?: unknown } | null | undefined)?.netpolLens;
    if (section !== undefined) this.pushed = this.normalize(section);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  private normalize(raw: unknown): Settings {
    const { settings, problems } = normalizeSettings(raw);
    for (const problem of problems) this.connection.console.warn(l10n.t('Ignoring a setting: {0}', problem));
    return settings;
  }
}
