import { describe, expect, it } from 'vitest';
import {
  matchesSubscriptionFilter,
  parseSubscriptionFilter,
  type JsonValue,
  type SubscriptionFilter,
} from '../../src/core/events/filters.js';
import {
  BREACH_PHRASE,
  BREACH_TAG,
  signalToken,
  toEventGridEvent,
  type FinishedRun,
} from '../../src/core/events/run-events.js';
import { ArmContext, loadJson, type Json, type ResourceDef, type Template } from './arm.js';

const ROLE = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  eventGridDataSender: 'd5a91429-5739-47e2-a06b-3470a27159e7',
};
const DOCUMENTED_KEY = 'data.RunTags.azureml_modelmonitor_threshold_breached';
const DOCUMENTED_PHRASE = 'has failed due to one or more features violating metric thresholds';

const main = loadJson('infra/main.json') as Template & Record<string, Json>;
const mainParams = loadJson('infra/main.parameters.json') as {
  $schema: string;
  parameters: Record<string, { value: Json }>;
};
const retrain = loadJson('infra/retrain-logic-app.json') as Template & Record<string, Json>;

function byType(t: Template, type: string): ResourceDef[] {
  return t.resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
}
function one(t: Template, type: string): ResourceDef {
  const rs = byType(t, type);
  expect(rs, type).toHaveLength(1);
  return rs[0]!;
}
function obj(v: Json | undefined): Record<string, Json> {
  expect(v !== null && typeof v === 'object' && !Array.isArray(v)).toBe(true);
  return v as Record<string, Json>;
}
function paramValues(): Record<string, Json> {
  return Object.fromEntries(Object.entries(mainParams.parameters).map(([k, v]) => [k, v.value]));
}

describe('infra/main.json: structure', () => {
  it('is a deployment template with the expected resources', () => {
    expect(main['$schema']).toContain('deploymentTemplate.json');
    const types = new Set(main.resources.map((r) => r.type));
    for (const t of [
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.Storage/storageAccounts',
      'Microsoft.Storage/storageAccounts/blobServices/containers',
      'Microsoft.OperationalInsights/workspaces',
      'Microsoft.Insights/components',
      'Microsoft.EventGrid/topics',
      'Microsoft.Authorization/roleAssignments',
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
      'Microsoft.EventGrid/systemTopics',
      'Microsoft.EventGrid/systemTopics/eventSubscriptions',
    ]) {
      expect(types, t).toContain(t);
    }
    for (const r of main.resources) expect(r.apiVersion, r.type).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
  });

  it('parameters file names only template parameters, with allowed values', () => {
    expect(mainParams.$schema).toContain('deploymentParameters.json');
    for (const [name, value] of Object.entries(paramValues())) {
      const def = main.parameters[name];
      expect(def, name).toBeDefined();
      if (def?.allowedValues) expect(def.allowedValues, name).toContainEqual(value);
    }
  });

  it('has the outputs a deployer needs', () => {
    for (const o of [
      'functionAppName',
      'functionAppUrl',
      'eventGridTopicEndpoint',
      'eventGridTopicName',
      'storageAccountName',
    ]) {
      expect(main.outputs[o], o).toBeDefined();
    }
    const ctx = new ArmContext(main, paramValues());
    expect(ctx.value(main.outputs['eventGridTopicEndpoint']!.value)).toMatch(
      /^reference\(.*topics.*\)\.endpoint$/,
    );
    expect(ctx.value(main.outputs['functionAppUrl']!.value)).toMatch(
      /^https:\/\/reference\(.*sites.*\)\.defaultHostName$/,
    );
  });

  it('runs on Flex Consumption, Node 20, deploying from a blob container with the user-assigned identity', () => {
    const ctx = new ArmContext(main, paramValues());
    const plan = one(main, 'Microsoft.Web/serverfarms');
    expect(plan['sku']).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
    const site = one(main, 'Microsoft.Web/sites');
    expect(site['kind']).toBe('functionapp,linux');
    const identity = obj(ctx.value(site['identity']!));
    const identityId = ctx.variable('identityId');
    expect(identity['type']).toBe('UserAssigned');
    expect(Object.keys(obj(identity['userAssignedIdentities']))).toEqual([identityId]);
    const cfg = obj(ctx.value(site.properties!['functionAppConfig']!));
    expect(cfg['runtime']).toEqual({ name: 'node', version: '20' });
    const storage = obj(obj(cfg['deployment'])['storage']);
    expect(storage['type']).toBe('blobContainer');
    expect(storage['value']).toMatch(/primaryEndpoints\.blob/);
    expect(storage['value']).toContain(ctx.variable('deploymentContainer') as string);
    expect(storage['authentication']).toEqual({
      type: 'UserAssignedIdentity',
      userAssignedIdentityResourceId: identityId,
    });
  });
});

describe('infra/main.json: invariants', () => {
  const ctx = new ArmContext(main, paramValues());
  const site = one(main, 'Microsoft.Web/sites');
  const rawSettings = obj(site.properties!['siteConfig'])['appSettings'] as { name: string; value: Json }[];
  const settings = new Map(rawSettings.map((s) => [s.name, ctx.value(s.value)]));

  it('storage account: shared keys and public blob access disabled', () => {
    const sa = one(main, 'Microsoft.Storage/storageAccounts');
    expect(sa.properties!['allowSharedKeyAccess']).toBe(false);
    expect(sa.properties!['allowBlobPublicAccess']).toBe(false);
    expect(sa.properties!['minimumTlsVersion']).toBe('TLS1_2');
  });

  it('creates the collector, curated, results and deployment containers', () => {
    const containers = ctx.variable('containers');
    expect(containers).toEqual([
      'modeldatacollector',
      'curated',
      'results',
      ctx.variable('deploymentContainer'),
    ]);
    const c = one(main, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    expect(obj(c['copy'])['count']).toBe("[length(variables('containers'))]");
  });

  it('app settings: the documented names, no keys, no connection strings with AccountKey', () => {
    for (const name of [
      'AzureWebJobsStorage__blobServiceUri',
      'AzureWebJobsStorage__queueServiceUri',
      'AzureWebJobsStorage__tableServiceUri',
      'AzureWebJobsStorage__credential',
      'AzureWebJobsStorage__clientId',
      'EVENTGRID_TOPIC_ENDPOINT',
      'COLLECTOR_CONTAINER',
      'CURATED_CONTAINER',
      'RESULTS_CONTAINER',
      'MONITOR_TICK_SCHEDULE',
    ]) {
      expect(settings.has(name), name).toBe(true);
    }
    expect(settings.has('AzureWebJobsStorage')).toBe(false);
    expect(settings.has('EVENTGRID_TOPIC_KEY')).toBe(false);
    // Flex Consumption rejects these; the runtime comes from functionAppConfig.
    expect(settings.has('FUNCTIONS_WORKER_RUNTIME')).toBe(false);
    expect(settings.has('WEBSITE_RUN_FROM_PACKAGE')).toBe(false);
    for (const s of rawSettings) {
      const text = JSON.stringify(s.value).toLowerCase();
      expect(text, s.name).not.toContain('accountkey');
      expect(text, s.name).not.toContain('listkeys');
      expect(text, s.name).not.toContain('sharedaccesssignature');
      expect(s.name, s.name).not.toMatch(/(_KEY|__accountKey|_SECRET|PASSWORD)$/i);
    }
    expect(settings.get('EVENTGRID_TOPIC_ENDPOINT')).toMatch(/^reference\(.*topics.*\)\.endpoint$/);
    expect(settings.get('COLLECTOR_CONTAINER')).toBe('modeldatacollector');
    expect(settings.get('CURATED_CONTAINER')).toBe('curated');
    expect(settings.get('RESULTS_CONTAINER')).toBe('results');
    expect(settings.get('MONITOR_TICK_SCHEDULE')).toBe('0 */5 * * * *');
    // Huge pages for malloc'd memory (ArrayBuffers): see README "Ingestion" → "Benchmark".
    expect(settings.get('GLIBC_TUNABLES')).toBe('glibc.malloc.hugetlb=1');
  });

  it("every identity-based connection carries __credential=managedidentity and the identity's __clientId", () => {
    const prefixes = new Set(
      [...settings.keys()]
        .filter((k) => /__(\w+ServiceUri|serviceUri|fullyQualifiedNamespace|accountName)$/.test(k))
        .map((k) => k.split('__')[0]!),
    );
    expect([...prefixes]).toEqual(['AzureWebJobsStorage']);
    const clientId = `reference(${JSON.stringify(ctx.variable('identityId'))},"2023-01-31").clientId`;
    for (const p of prefixes) {
      expect(settings.get(`${p}__credential`), p).toBe('managedidentity');
      expect(settings.get(`${p}__clientId`), p).toBe(clientId);
    }
    for (const [k, v] of settings) {
      if (k.endsWith('ServiceUri'))
        expect(v, k).toMatch(/^reference\(.*storageAccounts.*\)\.primaryEndpoints\.(blob|queue|table)$/);
    }
  });

  it('role assignments for the identity: blob owner, queue and table contributor on storage; data sender on the topic', () => {
    const assignments = byType(main, 'Microsoft.Authorization/roleAssignments').map((r) => ({
      scope: ctx.value(r['scope']!) as string,
      props: obj(ctx.value(r.properties!)),
    }));
    const principal = `reference(${JSON.stringify(ctx.variable('identityId'))},"2023-01-31").principalId`;
    const expectRole = (guid: string, scopeType: string): void => {
      const a = assignments.filter((x) => JSON.stringify(x.props['roleDefinitionId']).includes(guid));
      expect(a, guid).toHaveLength(1);
      expect(a[0]!.scope.startsWith(scopeType), `${guid} scope ${a[0]!.scope}`).toBe(true);
      expect(a[0]!.props['principalId']).toBe(principal);
      expect(a[0]!.props['principalType']).toBe('ServicePrincipal');
    };
    expectRole(ROLE.storageBlobDataOwner, 'Microsoft.Storage/storageAccounts/');
    expectRole(ROLE.storageQueueDataContributor, 'Microsoft.Storage/storageAccounts/');
    expectRole(ROLE.storageTableDataContributor, 'Microsoft.Storage/storageAccounts/');
    expectRole(ROLE.eventGridDataSender, 'Microsoft.EventGrid/topics/');
  });

  it('custom topic: local (key) auth disabled; input schema follows eventSchema', () => {
    const topic = one(main, 'Microsoft.EventGrid/topics');
    expect(topic.properties!['disableLocalAuth']).toBe(true);
    expect(new ArmContext(main, {}).value(topic.properties!['inputSchema']!)).toBe('EventGridSchema');
    expect(
      new ArmContext(main, { eventSchema: 'CloudEvents' }).value(topic.properties!['inputSchema']!),
    ).toBe('CloudEventSchemaV1_0');
  });
});

describe('infra/main.json: blob-created subscription that drives ingestCollectorBlob', () => {
  const sub = one(main, 'Microsoft.EventGrid/systemTopics/eventSubscriptions');
  const sys = one(main, 'Microsoft.EventGrid/systemTopics');

  it('is on the storage account system topic and deployed only when asked (second phase)', () => {
    const ctx = new ArmContext(main, {});
    expect(sys.properties!['topicType']).toBe('Microsoft.Storage.StorageAccounts');
    expect(ctx.value(sys.properties!['source']!)).toBe(ctx.variable('storageId'));
    expect(ctx.value(sub.condition!)).toBe(false);
    expect(new ArmContext(main, { deployBlobEventSubscription: true }).value(sub.condition!)).toBe(true);
  });

  it('delivers to the blob extension webhook with the blobs_extension key (not evaluated in phase one)', () => {
    const url = (deploy: boolean): string => {
      const ctx = new ArmContext(main, { deployBlobEventSubscription: deploy });
      return obj(obj(obj(ctx.value(sub.properties!['destination']!))['properties']))['endpointUrl'] as string;
    };
    expect(url(false)).toBe('');
    const u = url(true);
    expect(u).toMatch(
      /^https:\/\/reference\(.*sites.*\)\.defaultHostName\/runtime\/webhooks\/blobs\?functionName=Host\.Functions\.ingestCollectorBlob&code=listkeys\(/,
    );
    expect(u).toContain('/host/default');
    expect(u.endsWith('.systemKeys.blobs_extension')).toBe(true);
  });

  it('its filter (evaluated with filters.ts) takes new .jsonl blobs in the collector container only', () => {
    const filter = new ArmContext(main, paramValues()).value(sub.properties!['filter']!);
    const parsed = parseSubscriptionFilter(filter);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const blobEvent = (type: string, subject: string): JsonValue => ({
      id: '1',
      topic: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st',
      subject,
      eventType: type,
      eventTime: '2026-01-05T10:00:00Z',
      dataVersion: '',
      data: {
        api: 'PutBlob',
        contentType: 'application/octet-stream',
        url: 'https://st.blob.core.windows.net/x',
      },
    });
    const path =
      '/blobServices/default/containers/modeldatacollector/blobs/credit-ep/blue/model_inputs/2026/01/05/10/a.jsonl';
    const accepts = (type: string, subject: string): boolean =>
      matchesSubscriptionFilter(parsed.filter, blobEvent(type, subject));
    expect(accepts('Microsoft.Storage.BlobCreated', path)).toBe(true);
    expect(accepts('Microsoft.Storage.BlobDeleted', path)).toBe(false);
    expect(accepts('Microsoft.Storage.BlobCreated', path.replace('modeldatacollector', 'curated'))).toBe(
      false,
    );
    expect(
      accepts('Microsoft.Storage.BlobCreated', path.replace('modeldatacollector', 'modeldatacollector2')),
    ).toBe(false);
    expect(accepts('Microsoft.Storage.BlobCreated', path.replace('.jsonl', '.json'))).toBe(false);
  });
});

// Runs as run-events.ts builds them: what the app publishes.
const breach: FinishedRun = {
  monitorName: 'credit-monitor',
  runId: 'r1',
  experimentId: 'e1',
  status: 'Failed',
  finishedAt: '2026-01-05T00:05:00Z',
  signals: [
    {
      signal: 'data_drift',
      breachedRows: [
        { metric_value: 0.4, metric_name: 'JensenShannonDistance', threshold_value: 0.1, group: 'AGE' },
      ],
    },
    {
      signal: 'prediction_drift',
      breachedRows: [
        {
          metric_value: 0.3,
          metric_name: 'PopulationStabilityIndex',
          threshold_value: 0.2,
          group: 'DEFAULT',
        },
      ],
    },
    { signal: 'data_quality', breachedRows: [] },
  ],
};
const clean: FinishedRun = {
  ...breach,
  runId: 'r2',
  status: 'Completed',
  signals: [{ signal: 'data_drift', breachedRows: [] }],
};
const errorOnly: FinishedRun = {
  ...breach,
  runId: 'r3',
  signals: [{ signal: 'data_drift', breachedRows: [], error: 'No data found for the given time window.' }],
};
const otherMonitor: FinishedRun = {
  ...breach,
  monitorName: 'fraud-monitor',
  experimentId: 'e2',
  runId: 'f1',
};

describe('infra/retrain-logic-app.json', () => {
  const workflow = one(retrain, 'Microsoft.Logic/workflows');
  const sub = one(retrain, 'Microsoft.EventGrid/topics/eventSubscriptions');
  const filterFor = (token: string): SubscriptionFilter => {
    const ctx = new ArmContext(retrain, {
      topicName: 't',
      retrainEndpointUrl: 'https://example.test/retrain',
      monitorSignalToken: token,
    });
    const parsed = parseSubscriptionFilter(ctx.value(sub.properties!['filter']!));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.filter;
  };

  it('has a request-triggered workflow and a subscription on the custom topic delivering to it', () => {
    expect(retrain['$schema']).toContain('deploymentTemplate.json');
    const def = obj(workflow.properties!['definition']);
    const triggers = obj(def['triggers']);
    expect(Object.keys(triggers)).toEqual(['manual']);
    expect(obj(triggers['manual'])['type']).toBe('Request');
    const ctx = new ArmContext(retrain, {
      topicName: 'evgt-x',
      retrainEndpointUrl: 'https://example.test/retrain',
    });
    expect(ctx.value(sub.name)).toBe('evgt-x/retrain-on-threshold-breach');
    const dest = obj(ctx.value(sub.properties!['destination']!));
    expect(dest['endpointType']).toBe('WebHook');
    expect(obj(dest['properties'])['endpointUrl']).toMatch(
      /^listcallbackurl\(.*Microsoft\.Logic\/workflows\/triggers.*manual.*\)\.value$/,
    );
    expect(sub.properties!['eventDeliverySchema']).toBe('EventGridSchema');
  });

  it('the retraining endpoint is a secure parameter, not in the template', () => {
    expect(retrain.parameters['retrainEndpointUrl']).toEqual(
      expect.objectContaining({ type: 'securestring' }),
    );
    expect(retrain.parameters['retrainEndpointUrl']!.defaultValue).toBeUndefined();
    const wfParams = obj(obj(workflow.properties!['definition'])['parameters']);
    expect(obj(wfParams['retrainEndpointUrl'])['type']).toBe('SecureString');
  });

  it('filter keys and values are exactly the documented ones', () => {
    const f = filterFor('');
    expect(f.includedEventTypes).toEqual(['Microsoft.MachineLearningServices.RunStatusChanged']);
    expect(f.advancedFilters).toEqual([
      { operatorType: 'StringContains', key: DOCUMENTED_KEY, values: [DOCUMENTED_PHRASE] },
    ]);
    expect(DOCUMENTED_PHRASE).toBe(BREACH_PHRASE);
    const token = signalToken('credit-monitor', 'data_drift');
    expect(filterFor(token).advancedFilters).toEqual([
      { operatorType: 'StringContains', key: DOCUMENTED_KEY, values: [DOCUMENTED_PHRASE] },
      { operatorType: 'StringContains', key: DOCUMENTED_KEY, values: [token] },
    ]);
  });

  it('accepts the breach events the app publishes and rejects the others', () => {
    const runs = [breach, clean, errorOnly, otherMonitor];
    const pass = (f: SubscriptionFilter): string[] =>
      runs
        .filter((r) => matchesSubscriptionFilter(f, toEventGridEvent(r) as unknown as JsonValue))
        .map((r) => r.runId);
    expect(pass(filterFor(''))).toEqual(['r1', 'f1']);
    expect(pass(filterFor('credit-monitor_data_drift'))).toEqual(['r1']);
    expect(pass(filterFor('fraud-monitor_prediction_drift'))).toEqual(['f1']);
    expect(pass(filterFor('credit-monitor_data_quality'))).toEqual([]);
  });

  it("the workflow's signal extraction finds the breached signals in the tag Azure ML writes", () => {
    const actions = obj(
      obj(obj(obj(obj(workflow.properties!['definition'])['actions'])['Is_subscription_validation'])['else'])[
        'actions'
      ],
    );
    const loop = obj(obj(actions['For_each_event'])['actions']);
    const select = obj(obj(loop['Breached_signals'])['inputs']);
    // The Logic App expressions, mirrored: skip(split(tag, "The signal '"), 1) then first(split(item, "'")).
    expect(select['from']).toContain(
      "split(coalesce(items('For_each_event')?['data']?['runTags']?['azureml_modelmonitor_threshold_breached'], ''), 'The signal ''')",
    );
    expect(select['select']).toBe("@first(split(item(), ''''))");
    const tag = toEventGridEvent(breach).data.runTags[BREACH_TAG] ?? '';
    const signals = tag
      .split("The signal '")
      .slice(1)
      .map((s) => s.split("'")[0]);
    expect(signals).toEqual(['data_drift', 'prediction_drift']);
  });

  it('POSTs monitor, signal and run id; adds a managed-identity token only when an audience is given', () => {
    const httpOf = (audience: string): Record<string, Json> => {
      const ctx = new ArmContext(retrain, {
        topicName: 't',
        retrainEndpointUrl: 'u',
        retrainEndpointAudience: audience,
      });
      const def = obj(ctx.value(workflow.properties!['definition']!));
      const actions = obj(obj(obj(def['actions'])['Is_subscription_validation'])['else']);
      const loop = obj(obj(obj(actions['actions'])['For_each_event'])['actions']);
      return obj(obj(obj(obj(loop['For_each_signal'])['actions'])['Call_retraining_endpoint'])['inputs']);
    };
    const plain = httpOf('');
    expect(plain['method']).toBe('POST');
    expect(plain['uri']).toBe("@parameters('retrainEndpointUrl')");
    expect(Object.keys(obj(plain['body']))).toEqual(expect.arrayContaining(['monitor', 'signal', 'runId']));
    expect(plain['authentication']).toBeUndefined();
    expect(httpOf('https://ml.azure.com')['authentication']).toEqual({
      type: 'ManagedServiceIdentity',
      audience: 'https://ml.azure.com',
    });
  });

  it('answers the Event Grid validation handshake', () => {
    const check = obj(obj(obj(workflow.properties!['definition'])['actions'])['Is_subscription_validation']);
    expect(JSON.stringify(check['expression'])).toContain('Microsoft.EventGrid.SubscriptionValidationEvent');
    const resp = obj(obj(check['actions'])['Validation_response']);
    expect(resp['type']).toBe('Response');
    expect(obj(obj(resp['inputs'])['body'])['validationResponse']).toContain("['validationCode']");
  });
});
