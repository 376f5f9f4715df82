import * as vscode from 'vscode';
import { DOCKERFILE_RULE_IDS, isRuleId, RULE_IDS, ruleDocUrl, type RuleId } from '../../shared/src/rule-ids';

/**
 * "Graceful: Show Rule Documentation": opens the rule's page in the browser. Without a
 * rule id (from the Command Palette) the user picks one; code actions pass the id.
 */
export async function showRuleDocumentation(ruleId: unknown): Promise<void> {
  if (ruleId !== undefined && !(typeof ruleId === 'string' && isRuleId(ruleId))) {
    void vscode.window.showErrorMessage(`Graceful has no rule ${JSON.stringify(ruleId)}.`);
    return;
  }
  const id = ruleId ?? (await pickRule());
  if (id) await vscode.env.openExternal(vscode.Uri.parse(ruleDocUrl(id)));
}

async function pickRule(): Promise<RuleId | undefined> {
  const dockerfileRules: readonly string[] = DOCKERFILE_RULE_IDS;
  const items = RULE_IDS.map((id) => ({ label: id, description: dockerfileRules.includes(id) ? 'Dockerfile' : 'Kubernetes' }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Rule whose documentation to open', matchOnDescription: true });
  return picked?.label;
}
