import type { Settings } from '../../config/settings';
import { checkExpectation, expectationWorkspace } from '../../expectations/evaluate';
import type { Outcome } from '../../expectations/evaluate';
import { readExpectations } from '../../expectations/format';
import type { Expectation, ExpectationsDocument } from '../../expectations/format';
import type { YamlFile } from '../../parse/yamlFile';
import type { Workspace } from '../../reach/workspace';

/**
 * The expectations of a file, read once per parse, and checked once per workspace: NP960, NP961 and NP962
 * all report from the same reading (an editor analysis runs the three on one file with one workspace).
 */
const readings = new WeakMap<YamlFile, readonly ExpectationsDocument[]>();
const checks = new WeakMap<YamlFile, { workspace: Workspace; settings: Settings; results: readonly { expectation: Expectation; outcome: Outcome }[] }>();

export function expectationsOf(file: YamlFile): readonly ExpectationsDocument[] {
  let read = readings.get(file);
  if (!read) {
    read = readExpectations(file);
    readings.set(file, read);
  }
  return read;
}

export function checkedExpectations(file: YamlFile, workspace: Workspace, settings: Settings): readonly { expectation: Expectation; outcome: Outcome }[] {
  const known = checks.get(file);
  if (known?.workspace === workspace && known.settings === settings) return known.results;
  const expectations = expectationsOf(file).flatMap((d) => d.expectations);
  if (expectations.length === 0) return [];
  const ew = expectationWorkspace(workspace, expectations.flatMap((e) => [e.from, e.to]), settings.dns);
  const results = expectations.map((expectation) => ({ expectation, outcome: checkExpectation(ew, expectation) }));
  checks.set(file, { workspace, settings, results });
  return results;
}
