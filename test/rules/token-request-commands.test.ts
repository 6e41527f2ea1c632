/**
 * The command reading behind imds-token-endpoint, per language, on plain
 * text (a script's own text): which requests are found, the rewritten text
 * when the fix is certain, and the reason when it is not.
 */
import { findTokenRequests, type Language } from '../../src/commands/token-requests';
import { plainSegment } from '../../src/commands/segment';
import { cloudInitCommands } from '../../src/scripts/cloud-init';
import { fixScriptText } from '../../src/scripts/lint-script';
import { imdsTokenEndpoint } from '../../rules/imds-token-endpoint';
import fc from 'fast-check';

const IMDS = 'http://169.254.169.254/metadata/identity/oauth2/token';
const OLD = 'http://localhost:50342/oauth2/token';

/** Each request as the text it covers plus either the fixed text of the whole input or why not. */
function read(text: string, language: Language): Array<{ url: string; fixed?: string; why?: string }> {
  const segment = text.startsWith('#cloud-config') ? cloudInitCommands(plainSegment(text)) : plainSegment(text);
  return findTokenRequests(segment, language).map((r) => {
    const url = text.slice(r.offset, r.offset + r.length);
    if (r.why) return { url, why: r.why };
    let fixed = text;
    for (const e of [...r.edits!].sort((a, b) => b.offset - a.offset)) fixed = fixed.slice(0, e.offset) + e.content + fixed.slice(e.offset + e.length);
    return { url, fixed };
  });
}

describe('shell', () => {
  test('a URL in a comment is not a request', () => {
    expect(read(`# was: curl -H Metadata:true ${OLD}?resource=x\necho ok\n`, 'shell')).toEqual([]);
  });

  test('two requests on one line are both fixed, each quoted', () => {
    const text = `curl -H Metadata:true ${OLD}?resource=a; curl -H Metadata:true ${OLD}?resource=b`;
    expect(read(text, 'shell').map((r) => r.fixed)).toEqual([
      `curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=a'; curl -H Metadata:true ${OLD}?resource=b`,
      `curl -H Metadata:true ${OLD}?resource=a; curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=b'`,
    ]);
  });

  test('a $VAR in the unquoted query: double quotes keep it expanding', () => {
    expect(read(`curl -H Metadata:true ${OLD}?resource=$RES`, 'shell')).toEqual([{ url: `${OLD}?resource=$RES`, fixed: `curl -H Metadata:true "${IMDS}?api-version=2018-02-01&resource=$RES"` }]);
  });

  test('the query from a variable after the path is assembled elsewhere', () => {
    expect(read(`curl -H Metadata:true "${OLD}$QUERY"`, 'shell')[0].why).toMatch(/^its query is appended from values armlint cannot see/);
  });

  test('curl -XPOST (attached argument) is a POST; -sSfL flags are not data', () => {
    expect(read(`curl -XPOST -H Metadata:true '${OLD}?resource=x'`, 'shell')[0].why).toBe('the request uses method POST, and IMDS takes GET only; remove -X POST');
    expect(read(`curl -sSfL -H Metadata:true '${OLD}?resource=x'`, 'shell')[0].fixed).toBe(`curl -sSfL -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'`);
  });

  test('the header from a variable is not judged missing', () => {
    expect(read(`curl -H "$HDR" '${OLD}?resource=x'`, 'shell')[0].fixed).toBe(`curl -H "$HDR" '${IMDS}?api-version=2018-02-01&resource=x'`);
  });

  test('sudo and assignments before the command', () => {
    expect(read(`A=1 sudo -E curl -H Metadata:true '${OLD}?resource=x'`, 'shell')[0].fixed).toBe(`A=1 sudo -E curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'`);
  });

  test('inside "$( )" within double quotes', () => {
    expect(read(`echo "token: $(curl -s -H Metadata:true ${OLD}?resource=x)"`, 'shell')[0].fixed).toBe(`echo "token: $(curl -s -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x')"`);
  });

  test('cloud-init runcmd items and block scalars', () => {
    const text = `#cloud-config\nruncmd:\n  - |\n    T=$(curl -s -H Metadata:true ${OLD}?resource=x)\n  - [ sh, -c, "echo" ]\n`;
    expect(read(text, 'shell')[0].fixed).toBe(`#cloud-config\nruncmd:\n  - |\n    T=$(curl -s -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x')\n  - [ sh, -c, "echo" ]\n`);
  });

  test('another port without the extension protocol is not reported; with the Metadata header it is', () => {
    expect(read('curl http://localhost:8080/oauth2/token', 'shell')).toEqual([]);
    expect(read('curl -H Metadata:true http://127.0.0.1:8080/oauth2/token', 'shell')[0].fixed).toBe(`curl -H Metadata:true ${IMDS}?api-version=2018-02-01`);
  });
});

describe('PowerShell', () => {
  test('-Method given as a quoted string, and an unambiguous prefix of -Method', () => {
    expect(read(`Invoke-RestMethod -Uri '${OLD}' -Method 'POST' -Headers @{Metadata='true'}`, 'powershell')[0].why).toBe('the request uses method POST, and IMDS takes GET only; use -Method Get');
    expect(read(`irm -Uri '${OLD}' -Meth:Post -Body @{resource='x'} -Headers @{Metadata='true'}`, 'powershell')[0].fixed).toBe(
      `irm -Uri '${IMDS}?api-version=2018-02-01' -Meth:Get -Body @{resource='x'} -Headers @{Metadata='true'}`,
    );
  });

  test('the URL as the positional argument, the result piped', () => {
    expect(read(`(iwr ${OLD}?resource=x -Headers @{Metadata="true"} -UseBasicParsing).Content | ConvertFrom-Json`, 'powershell')[0].fixed).toBe(
      `(iwr '${IMDS}?api-version=2018-02-01&resource=x' -Headers @{Metadata="true"} -UseBasicParsing).Content | ConvertFrom-Json`,
    );
  });

  test('a method from a variable, a hashtable body with a variable', () => {
    expect(read(`Invoke-RestMethod -Uri '${OLD}' -Method $m -Headers @{Metadata='true'}`, 'powershell')[0].why).toBe('its -Method is a value armlint cannot see');
    expect(read(`Invoke-RestMethod -Uri '${OLD}' -Method Post -Body @{resource=$r} -Headers @{Metadata='true'}`, 'powershell')[0].why).toMatch(/^the request sends its parameters in a -Body with method POST/);
  });

  test('curl.exe under PowerShell is curl', () => {
    expect(read(`curl.exe -s -H Metadata:true ${OLD}?resource=x`, 'powershell')[0].fixed).toBe(`curl.exe -s -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'`);
  });

  test('a # comment and a <# #> block are not requests', () => {
    expect(read(`# iwr ${OLD}?resource=x\n<# Invoke-RestMethod ${OLD} #>\n`, 'powershell')).toEqual([]);
  });
});

describe('cmd', () => {
  test('REM and :: lines are comments; a %VAR% keeps expanding inside the quotes', () => {
    expect(read(`REM curl ${OLD}\r\n:: curl ${OLD}\r\ncurl -H Metadata:true ${OLD}?resource=%RES%\r\n`, 'cmd').map((r) => r.fixed)).toEqual([
      `REM curl ${OLD}\r\n:: curl ${OLD}\r\ncurl -H Metadata:true "${IMDS}?api-version=2018-02-01&resource=%RES%"\r\n`,
    ]);
  });

  test('an already quoted URL', () => {
    expect(read(`curl -H "Metadata: true" "${OLD}?resource=x" > out.json`, 'cmd')[0].fixed).toBe(`curl -H "Metadata: true" "${IMDS}?api-version=2018-02-01&resource=x" > out.json`);
  });
});

describe('Python', () => {
  test('an f-string query field is kept as it is', () => {
    const text = `import requests\nrequests.get(f"${OLD}?resource={res}", headers={"Metadata": "true"})\n`;
    expect(read(text, 'python')[0].fixed).toBe(`import requests\nrequests.get(f"${IMDS}?api-version=2018-02-01&resource={res}", headers={"Metadata": "true"})\n`);
  });

  test('a query appended with + is assembled elsewhere', () => {
    const text = `import requests\nrequests.get("${OLD}" + query, headers={"Metadata": "true"})\n`;
    expect(read(text, 'python')[0].why).toMatch(/^its query is appended from values armlint cannot see/);
  });

  test('urlopen(url) sends no header; Request(url, data) is a POST', () => {
    expect(read(`import urllib.request\nurllib.request.urlopen("${OLD}?resource=x")\n`, 'python')[0].why).toBe(
      'the request sends no Metadata: true header, which IMDS requires; add urllib.request.Request(url, headers={"Metadata": "true"}) and open that',
    );
    expect(read(`import urllib.request\nurllib.request.Request("${OLD}", data=b"resource=x", headers={"Metadata": "true"})\n`, 'python')[0].why).toMatch(/^the request POSTs data/);
  });

  test('requests.request("GET", ...) and a header dict in a variable', () => {
    expect(read(`import requests\nrequests.request("GET", "${OLD}?resource=x", headers=h)\n`, 'python')[0].fixed).toBe(`import requests\nrequests.request("GET", "${IMDS}?api-version=2018-02-01&resource=x", headers=h)\n`);
  });

  test('a URL in a comment or assigned to a name', () => {
    expect(read(`# ${OLD}\nURL = "${OLD}?resource=x"\n`, 'python').map((r) => r.why)).toEqual([
      "armlint cannot tell which request uses this URL (it is not an argument of curl, wget, Invoke-RestMethod/Invoke-WebRequest, Python's requests or urllib); change it to the IMDS URL where the request is made",
    ]);
  });
});

describe('arbitrary text around token URLs (property)', () => {
  const rules = [{ rule: imdsTokenEndpoint, severity: 'error' as const }];
  const pieces = [
    'curl ', 'wget ', 'iwr ', 'Invoke-RestMethod ', 'requests.post(', 'requests.get(', 'urlopen(', 'bash -c ', 'powershell -Command ', 'cmd /c ', 'python -c ',
    '-H Metadata:true ', "-Headers @{Metadata='true'} ", 'headers={"Metadata": "true"}', '-d resource=x ', '--post-data=resource=x ', '-Method Post ', '-Body @{resource=1} ',
    OLD, `${OLD}?resource=x`, `${OLD}?api-version=1&resource=y`, '?resource=', '&', '&&', ';', '|', '\n', '\r\n', "'", '"', '`', '\\', '$(', ')', '(', '{', '}', '#', 'REM ', '::', '%', '$X', ' ', ',', '=', 'f"',
  ];
  const noise = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join(''));
  /** Requests each language fixes, between random noise (which may break them: then they are reported, not fixed). */
  const REQUESTS = {
    shell: [`curl -s -H Metadata:true ${OLD}?resource=x`, `wget --header=Metadata:true --post-data=resource=x ${OLD}`, `curl -d resource=x -H Metadata:true ${OLD}`],
    powershell: [`Invoke-RestMethod -Uri ${OLD}?resource=x -Headers @{Metadata='true'}`, `iwr ${OLD} -Method:Post -Body @{resource='x'} -Headers @{Metadata='true'}`],
    cmd: [`curl -H Metadata:true ${OLD}?resource=x & echo`, `powershell -Command "iwr ${OLD}?resource=x -Headers @{Metadata='true'}"`],
    python: [`requests.get("${OLD}?resource=x", headers={"Metadata": "true"})`, `requests.post('${OLD}', data={'resource': 'x'}, headers={'Metadata': 'true'})`],
  };
  test.each(['a.sh', 'a.ps1', 'a.cmd', 'a.py'] as const)('%s: never throws; a fixed text has nothing left to fix', (name) => {
    const kind = { language: ({ 'a.sh': 'shell', 'a.ps1': 'powershell', 'a.cmd': 'cmd', 'a.py': 'python' } as const)[name], cloudInit: false };
    const text = fc.tuple(noise, fc.constantFrom(...REQUESTS[kind.language]), noise).map(([a, r, b]) => `${a}\n${r}\n${b}`);
    let fixes = 0;
    fc.assert(
      fc.property(text, (t) => {
        const fixed = fixScriptText(t, kind, rules);
        expect(fixed.internalError).toBeFalsy();
        fixes += fixed.fixed;
        expect(fixScriptText(fixed.output, kind, rules).output).toBe(fixed.output);
      }),
      { numRuns: 1000, seed: 1313 },
    );
    // Not vacuous: the generated texts do get fixed.
    expect(fixes).toBeGreaterThan(20);
  });
});
