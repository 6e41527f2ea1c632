import { imdsTokenEndpoint } from '../../rules/imds-token-endpoint';
import { runRuleTests, template } from '../support/rule-tester';

const BODY =
  "the request sends its parameters in a body (curl --data/-d/-F, -X POST, PowerShell -Body), and IMDS reads them only from the query string of a GET; move them (resource=...) into the URL's query";
const MESSAGE =
  'Token request to the retired managed identity extension endpoint localhost:50342; request tokens from IMDS ' +
  '(http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=..., header Metadata: true).';
const script = (command: string) =>
  template({
    resources: [
      {
        type: 'Microsoft.Compute/virtualMachines/extensions',
        apiVersion: '2018-06-01',
        name: 'vm/script',
        properties: { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.0', settings: { commandToExecute: command } },
      },
    ],
  });

runRuleTests(imdsTokenEndpoint, {
  valid: [
    { name: 'IMDS already', code: script("curl -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net'") },
    { name: 'port as a number in extension settings', code: template({ resources: [{ type: 'x/y', name: 'a', properties: { settings: { port: 50342 } } }] }) },
    {
      name: 'a description mentioning the old endpoint',
      code: template({ parameters: { p: { type: 'string', metadata: { description: 'was http://localhost:50342/oauth2/token' } } }, resources: [] }),
    },
    { name: 'another local port', code: script('curl http://localhost:8080/oauth2/token') },
  ],
  invalid: [
    {
      name: 'GET with a query: rewritten, query kept',
      code: script("curl -H Metadata:true 'http://localhost:50342/oauth2/token?resource=https://vault.azure.net' | jq"),
      errors: [{ message: MESSAGE, line: 14, column: 31, fixable: true }],
      output: script(
        "curl -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net' | jq",
      ),
    },
    {
      name: '127.0.0.1 without a scheme, inside an expression',
      code: script("[concat('curl -s -H Metadata:true 127.0.0.1:50342/oauth2/token?resource=', parameters('r'))]"),
      errors: [{ message: MESSAGE, fixable: true }],
      output: script(
        "[concat('curl -s -H Metadata:true http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=', parameters('r'))]",
      ),
    },
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
      errors: [{ message: MESSAGE.slice(0, -1) + '. Not fixed automatically: the URL is built by an expression; rewrite the pieces that make it.', fixable: false }],
      output: null,
    },
    {
      name: 'PowerShell GET with -Body (the old documentation example): reported without a fix',
      code: script(
        'powershell -Command "$r = Invoke-WebRequest -Uri http://localhost:50342/oauth2/token -Method GET -Body @{resource=\'https://management.azure.com/\'} -Headers @{Metadata=\'true\'}"',
      ),
      errors: [{ message: MESSAGE.slice(0, -1) + ". Not fixed automatically: " + BODY + '.', fixable: false }],
      output: null,
    },
    {
      name: 'POST with a form body: reported without a fix',
      code: script('curl http://localhost:50342/oauth2/token -H Metadata:true --data "resource=https://vault.azure.net"'),
      errors: [
        {
          message:
            MESSAGE.slice(0, -1) +
            ". Not fixed automatically: the request sends its parameters in a body (curl --data/-d/-F, -X POST, PowerShell -Body), and IMDS reads them only from the query string of a GET; move them (resource=...) into the URL's query.",
          fixable: false,
        },
      ],
      output: null,
    },
  ],
});
