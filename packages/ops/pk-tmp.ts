import { packageTemplates } from './src/templates.ts';

const t = Date.now();
const p = await packageTemplates(process.argv[2] ?? 'prod');
for (const s of p.services) {
  const r = s.template.Resources;
  console.log(
    s.service.name,
    Object.entries(r)
      .filter(([, v]) => /CloudWatch|AlarmTopic|Subscription/.test(v.Type) || v.Type === 'AWS::SNS::Topic')
      .map(([k, v]) => `${k}:${v.Type.split('::')[2]}`)
      .join(' '),
    Object.keys(s.template.Outputs ?? {}).includes('AlarmTopicArn'),
  );
  if (s.service.name === 'orders')
    console.log(JSON.stringify(r.Dashboard).slice(0, 600), JSON.stringify(r.SagaDeadLetterQueueDepthAlarm));
}
console.log(Date.now() - t);
p.remove();
