import { imdsTokenEndpoint } from '../../rules/imds-token-endpoint';
import { runRuleTests, template, type InvalidCase } from '../support/rule-tester';

const IMDS = 'http://169.254.169.254/metadata/identity/oauth2/token';
const message = (why?: string, port = '50342') =>
  `Token request to the retired managed identity extension endpoint localhost:${port}, where nothing listens on any VM deployed today; request tokens from IMDS ` +
  `(${IMDS}?api-version=2018-02-01&resource=..., header Metadata: true).` +
  (why ? ` Not fixed automatically: ${why}.` : '');
const BODY = 'IMDS reads parameters only from the query string of a GET';

/** A Linux CustomScript extension (commands run by the shell), or a Windows one (`cmd`), with the given commandToExecute. */
const extension = (command: string, windows = false, extra: Record<string, unknown> = {}) =>
  template({
    variables: { q: '?resource=x', data: 'resource=x' },
    resources: [
      {
        type: 'Microsoft.Compute/virtualMachines/extensions',
        apiVersion: '2018-06-01',
        name: 'vm/script',
        properties: windows
          ? { publisher: 'Microsoft.Compute', type: 'CustomScriptExtension', typeHandlerVersion: '1.10', settings: { commandToExecute: command, ...extra } }
          : { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.0', settings: { commandToExecute: command, ...extra } },
      },
    ],
  });
const script = (command: string) => extension(command);
const cmd = (command: string) => extension(command, true);

/** A deployment script whose kind says its language. */
const deploymentScript = (kind: string, scriptContent: string) =>
  template({ resources: [{ type: 'Microsoft.Resources/deploymentScripts', apiVersion: '2020-10-01', name: 's', location: 'westus', kind, properties: { scriptContent } }] });

const fixed = (name: string, code: string, output: string, port?: string): InvalidCase => ({ name, code, errors: [{ message: message(undefined, port), fixable: true }], output });
const reported = (name: string, code: string, why: string): InvalidCase => ({ name, code, errors: [{ message: message(why), fixable: false }], output: null });
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

runRuleTests(imdsTokenEndpoint, {
  valid: [
    { name: 'IMDS already', code: script(`curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=https://vault.azure.net'`) },
    { name: 'port as a number in extension settings', code: template({ resources: [{ type: 'x/y', name: 'a', properties: { settings: { port: 50342 } } }] }) },
    {
      name: 'a description mentioning the old endpoint',
      code: template({ parameters: { p: { type: 'string', metadata: { description: 'was http://localhost:50342/oauth2/token' } } }, resources: [] }),
    },
    { name: 'another local port, without the extension protocol (resource=, Metadata header)', code: script('curl http://localhost:8080/oauth2/token') },
    { name: 'a base64 script without token requests', code: extension('sh run.sh', false, { script: b64('#!/bin/sh\necho hello\n') }) },
    { name: 'a base64-looking value that is not UTF-8 text', code: extension('sh run.sh', false, { script: '//79/Pv6+fj39vX08/Lx8A==' }) },
  ],
  invalid: [
    // Shell: GET requests.
    {
      name: 'GET with a quoted query: rewritten, query kept, positioned at the URL',
      code: script("curl -H Metadata:true 'http://localhost:50342/oauth2/token?resource=https://vault.azure.net' | jq"),
      errors: [{ message: message(), line: 18, column: 55, endLine: 18, endColumn: 123, fixable: true }],
      output: script(`curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=https://vault.azure.net' | jq`),
    },
    fixed(
      'unquoted URL in $( ) followed by &&: quoted, so the new & does not end the command',
      script('TOKEN=$(curl -s -H Metadata:true http://localhost:50342/oauth2/token?resource=https://management.azure.com/) && echo ok'),
      script(`TOKEN=$(curl -s -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=https://management.azure.com/') && echo ok`),
    ),
    fixed('curl -f is not a form: GET', script("curl -f -H 'Metadata: true' 'http://localhost:50342/oauth2/token?resource=x'"), script(`curl -f -H 'Metadata: true' '${IMDS}?api-version=2018-02-01&resource=x'`)),
    fixed('curl -D file is not data: GET', script("curl -D h.txt -H 'Metadata: true' \"http://localhost:50342/oauth2/token?resource=x\""), script(`curl -D h.txt -H 'Metadata: true' "${IMDS}?api-version=2018-02-01&resource=x"`)),
    fixed('rm -f before the request: GET', script("rm -f x; curl -H Metadata:true 'http://localhost:50342/oauth2/token?resource=x'"), script(`rm -f x; curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'`)),
    fixed('[ -d /opt ] && curl: GET', script("[ -d /opt ] && curl -H Metadata:true 'http://localhost:50342/oauth2/token?resource=x'"), script(`[ -d /opt ] && curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'`)),
    fixed('no query: api-version added with one ?', script('curl -H Metadata:true http://localhost:50342/oauth2/token'), script(`curl -H Metadata:true ${IMDS}?api-version=2018-02-01`)),
    fixed(
      'an existing api-version is replaced, not repeated',
      script("curl -H Metadata:true 'http://localhost:50342/oauth2/token?api-version=2017-09-01&resource=x'"),
      script(`curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'`),
    ),
    fixed('another port (settings.port) with resource=', script("curl -H Metadata:true 'http://localhost:50343/oauth2/token?resource=x'"), script(`curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'`), '50343'),
    fixed('127.0.0.1 without a scheme', script("curl -H Metadata:true '127.0.0.1:50342/oauth2/token?resource=x'"), script(`curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'`)),
    fixed('curl -G --data-urlencode sends a query: GET', script('curl -G --data-urlencode resource=x -H Metadata:true http://localhost:50342/oauth2/token'), script(`curl -G --data-urlencode resource=x -H Metadata:true ${IMDS}?api-version=2018-02-01`)),
    fixed('bash -c "...": the inner command is read as shell', script('bash -c "curl -H Metadata:true http://localhost:50342/oauth2/token?resource=x"'), script(`bash -c "curl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'"`)),
    fixed("sh -c '...': inner quotes are double quotes", script("sh -c 'curl -H Metadata:true http://localhost:50342/oauth2/token?resource=x'"), script(`sh -c 'curl -H Metadata:true "${IMDS}?api-version=2018-02-01&resource=x"'`)),
    {
      name: 'a URL written with JSON escapes (\\/) is rewritten through them',
      code: script('curl -H Metadata:true http://localhost:50342/oauth2/token').replace('http://localhost:50342/oauth2/token', 'http:\\/\\/localhost:50342\\/oauth2\\/token'),
      errors: [{ message: message(), fixable: true }],
      output: script(`curl -H Metadata:true ${IMDS}?api-version=2018-02-01`),
    },
    // Shell: POSTs.
    fixed('curl --data with literal form parameters: -G makes it the equivalent GET', script('curl http://localhost:50342/oauth2/token -H Metadata:true --data "resource=https://vault.azure.net"'), script(`curl ${IMDS}?api-version=2018-02-01 -H Metadata:true -G --data "resource=https://vault.azure.net"`)),
    fixed('combined short options -sd are data', script('curl -sd resource=x -H Metadata:true http://localhost:50342/oauth2/token'), script(`curl -G -sd resource=x -H Metadata:true ${IMDS}?api-version=2018-02-01`)),
    reported('curl -F (multipart form)', script('curl -F resource=x -H Metadata:true http://localhost:50342/oauth2/token'), `the request sends its parameters in a body (-F), and ${BODY}; send them with --data-urlencode and add -G`),
    reported('curl -X POST --data', script('curl -X POST -d resource=x -H Metadata:true http://localhost:50342/oauth2/token'), `the request sends its parameters in a body (-d), and ${BODY}; remove -X POST and add -G, so curl sends the data as the query string`),
    reported('curl --request POST without data', script('curl --request POST -H Metadata:true http://localhost:50342/oauth2/token?resource=x'), 'the request uses method POST, and IMDS takes GET only; remove -X POST'),
    reported('curl --data from a file', script('curl --data @body.txt -H Metadata:true http://localhost:50342/oauth2/token'), `the request sends its parameters in a body (--data), and ${BODY} that holds values armlint cannot see (or a file); add -G, so curl sends the data as the query string`),
    reported(
      '--data arriving through variables() in a concat',
      script("[concat('curl -H Metadata:true http://localhost:50342/oauth2/token --data ', variables('data'))]"),
      `the request sends its parameters in a body (--data), and ${BODY} that holds values armlint cannot see (or a file); add -G, so curl sends the data as the query string`,
    ),
    fixed('wget --post-data with literal pairs: the equivalent GET, pairs moved into the query', script("wget --header=Metadata:true --post-data=resource=x 'http://localhost:50342/oauth2/token?client_id=c'"), script(`wget --header=Metadata:true '${IMDS}?api-version=2018-02-01&resource=x&client_id=c'`)),
    fixed('wget --post-data VALUE (two words), unquoted URL gets quoted', script('wget --header Metadata:true --post-data resource=x http://localhost:50342/oauth2/token'), script(`wget --header Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'`)),
    reported('wget --post-data from a variable', script('wget --header=Metadata:true --post-data="$BODY" http://localhost:50342/oauth2/token'), `the request sends its parameters in a body (--post-data), and ${BODY}; remove --post-data and move its parameters into the URL's query`),
    reported('wget --post-file', script('wget --header=Metadata:true --post-file=body.txt http://localhost:50342/oauth2/token'), `the request sends its parameters in a body (--post-file), and ${BODY}; remove --post-file and move its parameters into the URL's query`),
    reported('wget --method POST', script("wget --header 'Metadata: true' --method POST 'http://localhost:50342/oauth2/token?resource=x'"), 'the request uses method POST, and IMDS takes GET only; remove --method'),
    fixed('wget GET with --header', script("wget -qO- --header 'Metadata: true' 'http://localhost:50342/oauth2/token?resource=x'"), script(`wget -qO- --header 'Metadata: true' '${IMDS}?api-version=2018-02-01&resource=x'`)),
    // Headers, unknown requests, assembled URLs.
    reported('no Metadata header', script("curl 'http://localhost:50342/oauth2/token?resource=x'"), 'the request sends no Metadata: true header, which IMDS requires; add -H "Metadata: true"'),
    reported(
      'the query is appended from a variable',
      script("[concat('curl -H Metadata:true http://localhost:50342/oauth2/token', variables('q'))]"),
      'its query is appended from values armlint cannot see, so a rewrite could not guarantee exactly one ?; add api-version=2018-02-01 where the query is built and change the URL',
    ),
    reported(
      'the URL in a variable assignment',
      script("ENDPOINT='http://localhost:50342/oauth2/token?resource=x'; curl -H Metadata:true $ENDPOINT"),
      "armlint cannot tell which request uses this URL (it is not an argument of curl, wget, Invoke-RestMethod/Invoke-WebRequest, Python's requests or urllib); change it to the IMDS URL where the request is made",
    ),
    // ARM expression literals.
    fixed(
      "inside a concat literal with ARM's '' escaping",
      script("[concat('curl -H ''Metadata: true'' ''http://localhost:50342/oauth2/token?resource=', parameters('r'), '''')]"),
      script(`[concat('curl -H ''Metadata: true'' ''${IMDS}?api-version=2018-02-01&resource=', parameters('r'), '''')]`),
    ),
    fixed(
      'unquoted URL whose query runs into a parameter: the & is escaped',
      script("[concat('curl -s -H Metadata:true 127.0.0.1:50342/oauth2/token?resource=', parameters('r'))]"),
      script(`[concat('curl -s -H Metadata:true ${IMDS}?api-version=2018-02-01\\&resource=', parameters('r'))]`),
    ),
    {
      name: 'URL built by an expression from a variable port: reported without a fix',
      code: template({
        variables: { port: 50342 },
        resources: [
          {
            type: 'Microsoft.Compute/virtualMachines/extensions',
            apiVersion: '2018-06-01',
            name: 'vm/script',
            properties: { settings: { commandToExecute: "[concat('curl http://localhost:', string(variables('port')), '/oauth2/token?resource=x')]" } },
          },
        ],
      }),
      errors: [{ message: message('the URL is built by an expression; rewrite the pieces that make it'), fixable: false }],
      output: null,
    },
    // PowerShell.
    fixed(
      'powershell -Command (run by cmd on Windows): unquoted URL quoted the PowerShell way',
      cmd(`powershell -Command "$r = Invoke-WebRequest -Uri http://localhost:50342/oauth2/token?resource=x -Headers @{Metadata='true'} -UseBasicParsing"`),
      cmd(`powershell -Command "$r = Invoke-WebRequest -Uri '${IMDS}?api-version=2018-02-01&resource=x' -Headers @{Metadata='true'} -UseBasicParsing"`),
    ),
    fixed(
      'PowerShell GET with a hashtable -Body (the old documentation example): PowerShell sends it as the query',
      script(`powershell -Command "$r = Invoke-WebRequest -Uri http://localhost:50342/oauth2/token -Method GET -Body @{resource='https://management.azure.com/'} -Headers @{Metadata='true'}"`),
      script(`powershell -Command "$r = Invoke-WebRequest -Uri ${IMDS}?api-version=2018-02-01 -Method GET -Body @{resource='https://management.azure.com/'} -Headers @{Metadata='true'}"`),
    ),
    fixed(
      'Invoke-RestMethod -Method:Post with a literal hashtable: the equivalent GET',
      cmd(`pwsh -c "Invoke-RestMethod -Uri http://localhost:50342/oauth2/token -Method:Post -Body @{resource='x'} -Headers @{Metadata='true'}"`),
      cmd(`pwsh -c "Invoke-RestMethod -Uri ${IMDS}?api-version=2018-02-01 -Method:Get -Body @{resource='x'} -Headers @{Metadata='true'}"`),
    ),
    reported(
      'Invoke-RestMethod -Method Post with a string body',
      cmd(`pwsh -c "Invoke-RestMethod -Uri http://localhost:50342/oauth2/token -Method Post -Body 'resource=x' -Headers @{Metadata='true'}"`),
      `the request sends its parameters in a -Body with method POST, and ${BODY}; use -Method Get with -Body @{resource='...'}`,
    ),
    reported(
      'PowerShell GET with a string -Body',
      cmd(`pwsh -c "Invoke-RestMethod -Uri http://localhost:50342/oauth2/token -Body 'resource=x' -Headers @{Metadata='true'}"`),
      "the -Body of a GET is sent as its query string only when it is a hashtable (@{resource='...'}); put its parameters into the URL's query",
    ),
    reported(
      'Invoke-RestMethod without -Headers',
      cmd(`powershell -Command "Invoke-RestMethod -Uri 'http://localhost:50342/oauth2/token?resource=x'"`),
      'the request sends no Metadata: true header, which IMDS requires; add -Headers @{Metadata="true"}',
    ),
    fixed(
      'a deployment script of kind AzurePowerShell is read as PowerShell',
      deploymentScript('AzurePowerShell', `$t = (Invoke-RestMethod -Uri http://localhost:50342/oauth2/token?resource=x -Headers @{Metadata='true'}).access_token`),
      deploymentScript('AzurePowerShell', `$t = (Invoke-RestMethod -Uri '${IMDS}?api-version=2018-02-01&resource=x' -Headers @{Metadata='true'}).access_token`),
    ),
    fixed(
      'a deployment script of kind AzureCLI is read as shell, line by line',
      deploymentScript('AzureCLI', `set -e\nT=$(curl -s -H Metadata:true http://localhost:50342/oauth2/token?resource=x)\necho $T`),
      deploymentScript('AzureCLI', `set -e\nT=$(curl -s -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x')\necho $T`),
    ),
    // cmd and Python.
    fixed('cmd: unquoted URL before & is quoted with "', cmd('curl -H Metadata:true http://localhost:50342/oauth2/token?resource=x & echo done'), cmd(`curl -H Metadata:true "${IMDS}?api-version=2018-02-01&resource=x" & echo done`)),
    fixed(
      'python -c with requests.get and params=',
      script(`python3 -c "import requests; print(requests.get('http://localhost:50342/oauth2/token', params={'resource': 'x'}, headers={'Metadata': 'true'}).text)"`),
      script(`python3 -c "import requests; print(requests.get('${IMDS}?api-version=2018-02-01', params={'resource': 'x'}, headers={'Metadata': 'true'}).text)"`),
    ),
    fixed(
      'python requests.post with a literal data= dict: the equivalent requests.get(params=...)',
      script(`python3 -c "import requests; requests.post('http://localhost:50342/oauth2/token', data={'resource': 'x'}, headers={'Metadata': 'true'})"`),
      script(`python3 -c "import requests; requests.get('${IMDS}?api-version=2018-02-01', params={'resource': 'x'}, headers={'Metadata': 'true'})"`),
    ),
    reported(
      'python requests.post with data= from a variable',
      script(`python3 -c "import requests; requests.post('http://localhost:50342/oauth2/token', data=body, headers={'Metadata': 'true'})"`),
      `the request sends its parameters in a body (requests.post(..., data=...)), and ${BODY}; use requests.get(url, params={...}, headers=...)`,
    ),
    // Base64 scripts.
    {
      name: 'a base64 script is decoded, fixed and re-encoded',
      code: extension('sh run.sh', false, { script: b64("#!/bin/sh\ncurl -H Metadata:true 'http://localhost:50342/oauth2/token?resource=x'\n") }),
      errors: [{ message: message().replace(/\.$/, ' (in the base64-encoded script (1 request); the fix re-encodes it).'), fixable: true }],
      output: extension('sh run.sh', false, { script: b64(`#!/bin/sh\ncurl -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'\n`) }),
    },
    {
      name: "a VM's base64 customData (cloud-config) is decoded and fixed",
      code: template({
        resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2018-06-01', name: 'vm', properties: { osProfile: { customData: b64(`#cloud-config\nruncmd:\n  - curl -s -H Metadata:true ${'http://localhost:50342/oauth2/token'}?resource=x\n`) } } }],
      }),
      errors: [{ message: message().replace(/\.$/, ' (in the base64-encoded script (1 request); the fix re-encodes it).'), fixable: true }],
      output: template({
        resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2018-06-01', name: 'vm', properties: { osProfile: { customData: b64(`#cloud-config\nruncmd:\n  - curl -s -H Metadata:true '${IMDS}?api-version=2018-02-01&resource=x'\n`) } } }],
      }),
    },
    {
      name: 'a base64 script with a POST is reported',
      code: extension('sh run.sh', false, { script: b64('curl -F resource=x -H Metadata:true http://localhost:50342/oauth2/token\n') }),
      errors: [{ message: message(`the request sends its parameters in a body (-F), and ${BODY}; send them with --data-urlencode and add -G (in the base64-encoded script (1 request))`), fixable: false }],
      output: null,
    },
  ],
});
