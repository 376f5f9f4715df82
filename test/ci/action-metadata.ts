/**
 * A check of action.yml against GitHub's documented metadata syntax for composite actions
 * ("Metadata syntax for GitHub Actions"): the keys each level allows, the required ones,
 * their types, input ids, branding values. Returns the problems, empty when valid.
 */
export function actionMetadataProblems(action: unknown): string[] {
  const problems: string[] = [];
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const keys = (where: string, value: Record<string, unknown>, allowed: readonly string[], required: readonly string[]) => {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push(`${where}: unknown key ${key}`);
    for (const key of required) if (!(key in value)) problems.push(`${where}: missing ${key}`);
  };
  const string = (where: string, value: unknown) => {
    if (typeof value !== 'string') problems.push(`${where}: must be a string`);
  };
  if (!isMap(action)) return ['action.yml: not a mapping'];
  keys('action', action, ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding'], ['name', 'description', 'runs']);
  for (const key of ['name', 'author', 'description']) if (key in action) string(key, action[key]);
  // Input and output ids: letters, digits, `-` and `_`, starting with a letter or `_`.
  const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;
  if (action.inputs !== undefined) {
    if (!isMap(action.inputs)) problems.push('inputs: must be a mapping');
    else
      for (const [id, input] of Object.entries(action.inputs)) {
        if (!ID.test(id)) problems.push(`inputs.${id}: invalid id`);
        if (!isMap(input)) {
          problems.push(`inputs.${id}: must be a mapping`);
          continue;
        }
        keys(`inputs.${id}`, input, ['description', 'required', 'default', 'deprecationMessage'], ['description']);
        string(`inputs.${id}.description`, input.description);
        if ('required' in input && typeof input.required !== 'boolean') problems.push(`inputs.${id}.required: must be a boolean`);
        if ('default' in input) string(`inputs.${id}.default`, input.default);
      }
  }
  if (action.outputs !== undefined) {
    if (!isMap(action.outputs)) problems.push('outputs: must be a mapping');
    else
      for (const [id, output] of Object.entries(action.outputs)) {
        if (!ID.test(id)) problems.push(`outputs.${id}: invalid id`);
        if (!isMap(output)) {
          problems.push(`outputs.${id}: must be a mapping`);
          continue;
        }
        // Composite actions must say where each output's value comes from.
        keys(`outputs.${id}`, output, ['description', 'value'], ['description', 'value']);
        string(`outputs.${id}.value`, output.value);
      }
  }
  const runs = action.runs;
  if (!isMap(runs)) problems.push('runs: must be a mapping');
  else {
    keys('runs', runs, ['using', 'steps'], ['using', 'steps']);
    if (runs.using !== 'composite') problems.push('runs.using: this check covers composite actions');
    if (!Array.isArray(runs.steps) || runs.steps.length === 0) problems.push('runs.steps: must be a non-empty list');
    else
      runs.steps.forEach((step: unknown, i) => {
        const where = `runs.steps[${i}]`;
        if (!isMap(step)) return void problems.push(`${where}: must be a mapping`);
        keys(where, step, ['id', 'if', 'name', 'uses', 'run', 'shell', 'with', 'env', 'working-directory', 'continue-on-error'], []);
        if ('run' in step === 'uses' in step) problems.push(`${where}: needs exactly one of run and uses`);
        if ('run' in step && !('shell' in step)) problems.push(`${where}: a run step of a composite action needs shell`);
        if ('uses' in step && ('shell' in step || 'working-directory' in step)) problems.push(`${where}: shell and working-directory are for run steps`);
        if ('id' in step && !(typeof step.id === 'string' && ID.test(step.id))) problems.push(`${where}.id: invalid id`);
        for (const map of ['with', 'env'] as const) if (map in step && !isMap(step[map])) problems.push(`${where}.${map}: must be a mapping`);
      });
  }
  if (action.branding !== undefined) {
    const branding = action.branding;
    if (!isMap(branding)) problems.push('branding: must be a mapping');
    else {
      keys('branding', branding, ['icon', 'color'], []);
      const colors = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];
      if ('color' in branding && !colors.includes(String(branding.color))) problems.push(`branding.color: one of ${colors.join(', ')}`);
      if ('icon' in branding) string('branding.icon', branding.icon);
    }
  }
  return problems;
}
