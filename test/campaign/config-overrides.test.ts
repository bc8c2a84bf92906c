import { describe, expect, it } from 'vitest';
import { configOverrideArguments, parseConfigOverrides } from '../../src/campaign/config-overrides.js';
import { catchUserError } from './open-test-notebook.js';

describe('parseConfigOverrides', () => {
  it('reads task:field=value, -c, --config, -C and --config-file, one a line, skipping blanks and comments', () => {
    const overrides = parseConfigOverrides(
      [
        'isr:doDark=False',
        '',
        '# the dark is bad this week',
        '-c calibrateImage:astrometry.maxMeanDistanceArcsec=0.1',
        '--config=isr:connections.bias=bias_v2',
        '  -C isr:isr-overrides.py  ',
        '--config-file makeWarp:$DRP_DIR/config/warp.py',
        "isr:badAmps=['R22_S11_C00', 'R22_S11_C01']",
      ].join('\n'),
    );
    expect(overrides).toEqual([
      { kind: 'value', label: 'isr', name: 'doDark', value: 'False' },
      { kind: 'value', label: 'calibrateImage', name: 'astrometry.maxMeanDistanceArcsec', value: '0.1' },
      { kind: 'value', label: 'isr', name: 'connections.bias', value: 'bias_v2' },
      { kind: 'file', label: 'isr', file: 'isr-overrides.py' },
      { kind: 'file', label: 'makeWarp', file: '$DRP_DIR/config/warp.py' },
      { kind: 'value', label: 'isr', name: 'badAmps', value: "['R22_S11_C00', 'R22_S11_C01']" },
    ]);
    expect(overrides.map(configOverrideArguments)).toEqual([
      ['-c', 'isr:doDark=False'],
      ['-c', 'calibrateImage:astrometry.maxMeanDistanceArcsec=0.1'],
      ['-c', 'isr:connections.bias=bias_v2'],
      ['-C', 'isr:isr-overrides.py'],
      ['-C', 'makeWarp:$DRP_DIR/config/warp.py'],
      ['-c', "isr:badAmps=['R22_S11_C00', 'R22_S11_C01']"],
    ]);
  });

  it('names each line of another shape, on the config_overrides field', () => {
    const error = catchUserError(() =>
      parseConfigOverrides(['isr:doDark=False', 'doFlat=False', 'isr doBias False', '-x isr:a=1', 'isr:9lives=1', 'isr:doBias=', '-C isr:'].join('\n')),
    );
    const message = error.fields.config_overrides!;
    expect(message).toBe(error.message);
    expect(message).toContain('one a line as task:field=value, -c task:field=value, or -C task:file');
    expect(message).toContain('line 2 ("doFlat=False"): no task label before ":"');
    expect(message).toContain('line 3 ("isr doBias False"): no task label');
    expect(message).toContain('line 4 ("-x isr:a=1"): unknown option');
    expect(message).toContain('line 5 ("isr:9lives=1"): "9lives" is not a config field name');
    expect(message).toContain(`line 6 ("isr:doBias="): no value after "="; write '' for an empty string`);
    expect(message).not.toContain('line 1');
    expect(message).toContain('and 1 more lines');
  });

  it('reads an empty text as no overrides', () => {
    expect(parseConfigOverrides('\n  \n# nothing\n')).toEqual([]);
  });
});
