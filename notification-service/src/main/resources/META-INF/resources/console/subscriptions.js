// Who is told of which alert changes (GET/POST/DELETE /subscriptions), and, for the supervision office, what could
// not be delivered (GET /deliveries?state=FAILED). A lead unit sees and subscribes for its own unit only: the API
// sets the unit, so the field is hidden for it. Signing keys are never entered here, only their configured names.
Console.addTexts({
    zh: {
        'sub.title': '预警订阅', 'sub.recipient': '接收人', 'sub.channel': '渠道', 'sub.target': '地址', 'sub.filters': '范围',
        'sub.mode': '方式', 'sub.quiet': '免打扰', 'sub.new': '新增订阅', 'sub.secretName': '密钥名称',
        'sub.rules': '预警类型（不选为全部）', 'sub.minSeverity': '最低级别', 'sub.programmeIds': '专项编号（逗号分隔）',
        'sub.digestTime': '汇总时间', 'sub.quietFrom': '免打扰自', 'sub.quietUntil': '至', 'sub.create': '保存',
        'sub.delete': '删除', 'sub.created': '已保存。', 'sub.deleted': '已删除。', 'sub.failed': '发送失败',
        'sub.all': '全部预警', 'sub.unit': '单位 {unit}', 'sub.from': '{severity}及以上',
        'channel.WECOM': '企业微信群机器人', 'channel.DINGTALK': '钉钉群机器人', 'channel.EMAIL': '电子邮件', 'channel.WEBHOOK': 'Webhook',
        'mode.IMMEDIATE': '即时', 'mode.DIGEST': '每日汇总 {time}',
        'dlv.alert': '预警', 'dlv.attempts': '尝试次数', 'dlv.error': '原因', 'sub.leadUnit': '牵头单位', 'sub.at': '时间',
        'sub.key': '密钥',
    },
    en: {
        'sub.title': 'Alert subscriptions', 'sub.recipient': 'Recipient', 'sub.channel': 'Channel', 'sub.target': 'Address',
        'sub.filters': 'Scope', 'sub.mode': 'Mode', 'sub.quiet': 'Quiet hours', 'sub.new': 'New subscription',
        'sub.secretName': 'Secret name', 'sub.rules': 'Rules (none = all)', 'sub.minSeverity': 'Least severity',
        'sub.programmeIds': 'Programme ids (comma-separated)', 'sub.digestTime': 'Digest at', 'sub.quietFrom': 'Quiet from',
        'sub.quietUntil': 'until', 'sub.create': 'Save', 'sub.delete': 'Delete', 'sub.created': 'Saved.', 'sub.deleted': 'Deleted.',
        'sub.failed': 'Failed deliveries', 'sub.all': 'all alerts', 'sub.unit': 'unit {unit}', 'sub.from': '{severity} and above',
        'channel.WECOM': 'WeCom robot', 'channel.DINGTALK': 'DingTalk robot', 'channel.EMAIL': 'E-mail', 'channel.WEBHOOK': 'Webhook',
        'mode.IMMEDIATE': 'immediate', 'mode.DIGEST': 'daily digest {time}',
        'dlv.alert': 'Alert', 'dlv.attempts': 'Attempts', 'dlv.error': 'Reason', 'sub.leadUnit': 'Lead unit', 'sub.at': 'When',
        'sub.key': 'key',
    },
});

let subscriptions = [];
let failed = [];

function supervisor() {
    return (Console.claims() || {}).role === 'supervisor';
}

function scope(s) {
    const {t} = Console;
    const parts = [];
    if (s.leadUnitId) parts.push(t('sub.unit', {unit: s.leadUnitId}));
    if (s.rules.length) parts.push(s.rules.map(r => t('rule.' + r)).join('、'));
    if (s.minSeverity !== 'INFO') parts.push(t('sub.from', {severity: t('severity.' + s.minSeverity)}));
    if (s.programmeIds.length) parts.push('#' + s.programmeIds.join(', #'));
    return parts.length ? parts.join(' · ') : t('sub.all');
}

function render() {
    const {el, t, format} = Console;
    document.querySelector('#subscriptions tbody').replaceChildren(...subscriptions.map(s => el('tr', {'data-subscription': s.id},
        el('td', {class: 'num'}, s.id),
        el('td', {}, s.recipient),
        el('td', {}, t('channel.' + s.channel)),
        el('td', {class: 'muted'}, s.target + (s.secretName ? ' (' + t('sub.key') + ': ' + s.secretName + ')' : '')),
        el('td', {}, scope(s)),
        el('td', {}, t('mode.' + s.mode, {time: s.digestTime})),
        el('td', {}, s.quietFrom ? s.quietFrom + '–' + s.quietUntil : ''),
        el('td', {}, el('button', {class: 'secondary', type: 'button', onclick: () => remove(s.id)}, t('sub.delete'))))));
    document.getElementById('unit-label').hidden = !supervisor();
    document.getElementById('failed-section').hidden = !supervisor();
    document.querySelector('#failed tbody').replaceChildren(...failed.map(d => el('tr', {'data-delivery': d.id},
        el('td', {}, format.time(d.createdAt)), el('td', {}, d.recipient), el('td', {}, t('channel.' + d.channel)),
        el('td', {}, d.alertId ? el('a', {href: 'alerts.html'}, '#' + d.alertId) : t('mode.DIGEST', {time: ''})),
        el('td', {class: 'num'}, d.attempts), el('td', {}, d.lastError || ''))));
}

async function load() {
    try {
        subscriptions = (await Console.api('/subscriptions')).body;
        if (supervisor()) {
            failed = (await Console.api('/deliveries?state=FAILED&size=100')).body.items;
        }
        render();
    } catch (e) {
        Console.showError(e);
    }
}

function value(id) {
    const text = document.getElementById(id).value.trim();
    return text === '' ? undefined : text;
}

async function create(event) {
    event.preventDefault();
    const form = document.getElementById('subscription-form');
    Console.clearViolations(form);
    const rules = [...document.querySelectorAll('#rules input:checked')].map(box => box.value);
    const programmes = value('programmeIds');
    const body = {
        recipient: value('recipient') || '', channel: value('channel'), target: value('target') || '',
        secretName: value('secretName'), rules, minSeverity: value('minSeverity'),
        programmeIds: programmes ? programmes.split(/[,，\s]+/).filter(Boolean).map(Number) : [],
        leadUnitId: supervisor() ? value('leadUnitId') : undefined, mode: value('mode'),
        digestTime: value('digestTime'), quietFrom: value('quietFrom'), quietUntil: value('quietUntil'),
    };
    try {
        await Console.api('/subscriptions', {method: 'POST', body});
        Console.showNotice(Console.t('sub.created'), 'ok', 'form-notice');
        form.reset();
        await load();
    } catch (e) {
        Console.showFormProblem(form, e, 'form-notice');
    }
}

async function remove(id) {
    try {
        await Console.api('/subscriptions/' + id, {method: 'DELETE'});
        Console.showNotice(Console.t('sub.deleted'), 'ok');
        await load();
    } catch (e) {
        Console.showError(e);
    }
}

document.getElementById('subscription-form').addEventListener('submit', create);
Console.onLanguage(render);
Console.start('notification-service', '/console/subscriptions.html', load);
