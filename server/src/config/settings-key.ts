import type { AnalysisSettings } from '../../../shared/src/settings';

const idsByObject = new WeakMap<AnalysisSettings, number>();
const idsByContent = new Map<string, number>();

/**
 * A number that stands for the settings' content: equal settings get the same one,
 * so cached analyses are keyed by it. Each settings object is serialised once, not
 * once per analysis (the CLI and the server resolve one object per configuration).
 */
export function settingsId(settings: AnalysisSettings): number {
  let id = idsByObject.get(settings);
  if (id === undefined) {
    const content = JSON.stringify(settings);
    id = idsByContent.get(content) ?? idsByContent.size + 1;
    idsByContent.set(content, id);
    idsByObject.set(settings, id);
  }
  return id;
}
