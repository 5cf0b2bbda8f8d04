// The supervision office's alert console: open alerts by severity, filters, acknowledge and resolve with a
// note, each alert's history, and live changes from GET /alerts/stream without a reload, read with fetch()
// (Console.followStream), which resumes with Last-Event-ID after a drop. The page loads the alerts
// once through GET /alerts and follows the stream from the feed position that answer gives, so no change is
// missed between the two and no history is replayed.
// 督办: a lead unit answers its alerts not resolved (情况说明, 整改措施, expected completion); the office accepts the
// answer (the alert resolves) or returns it with a comment; an alert escalated for want of an answer shows 约谈.
Console.addTexts({
    zh: {
        'page.title': '预警中心',
        'filter.state': '状态', 'filter.severity': '级别', 'filter.rule': '类型', 'filter.all': '全部', 'filter.leadUnit': '牵头单位', 'filter.year': '年度',
        'col.severity': '级别', 'col.rule': '类型', 'col.subject': '对象', 'col.period': '月份', 'col.message': '内容',
        'col.state': '状态', 'col.updatedAt': '更新时间', 'col.at': '时间', 'col.change': '变更', 'col.actor': '操作人', 'col.note': '说明',
        'open.RED': '红色预警（未处理）', 'open.YELLOW': '黄色预警（未处理）', 'open.INFO': '提示（未处理）',
        'live.open': '实时更新中', 'live.closed': '连接中断，正在重连…', 'live.error': '实时更新不可用（{status}）',
        'count': '共 {shown} 条', 'detail.note': '处理说明', 'detail.acknowledge': '确认', 'detail.resolve': '解决',
        'detail.history': '处理记录', 'detail.done.ACKNOWLEDGED': '已确认。', 'detail.done.RESOLVED': '已解决。',
        'detail.readonly': '只有督查室可以确认或解决预警。',
        'change.ANSWERED': '单位答复', 'change.ANSWER_RETURNED': '退回答复',
        'answer.title': '单位答复', 'answer.form': '答复督办', 'answer.explanation': '情况说明', 'answer.measures': '整改措施',
        'answer.expectedCompletion': '预计完成日期', 'answer.submit': '提交答复', 'answer.by': '答复人', 'answer.at': '答复时间',
        'answer.done': '已提交答复，等待督查室审核。', 'answer.awaiting': '答复待督查室审核。',
        'response.NONE': '未答复', 'response.ANSWERED': '待审核', 'response.RETURNED': '已退回', 'response.ACCEPTED': '已采纳',
        'review.comment': '审核意见（退回时必填）', 'review.accept': '采纳答复', 'review.return': '退回',
        'review.done.RESOLVED': '已采纳答复，预警已解决。', 'review.done.OPEN': '已退回，等待单位重新答复。',
        'escalation.1': '约谈',
    },
    en: {
        'page.title': 'Alert console',
        'filter.state': 'State', 'filter.severity': 'Severity', 'filter.rule': 'Rule', 'filter.all': 'All', 'filter.leadUnit': 'Lead unit', 'filter.year': 'Plan year',
        'col.severity': 'Severity', 'col.rule': 'Rule', 'col.subject': 'Subject', 'col.period': 'Month', 'col.message': 'Message',
        'col.state': 'State', 'col.updatedAt': 'Updated', 'col.at': 'At', 'col.change': 'Change', 'col.actor': 'By', 'col.note': 'Note',
        'open.RED': 'Red alerts open', 'open.YELLOW': 'Yellow alerts open', 'open.INFO': 'Notices open',
        'live.open': 'Live', 'live.closed': 'Disconnected, reconnecting…', 'live.error': 'Live updates unavailable ({status})',
        'count': '{shown} alerts', 'detail.note': 'Note', 'detail.acknowledge': 'Acknowledge', 'detail.resolve': 'Resolve',
        'detail.history': 'History', 'detail.done.ACKNOWLEDGED': 'Acknowledged.', 'detail.done.RESOLVED': 'Resolved.',
        'detail.readonly': 'Only the supervision office acknowledges or resolves alerts.',
        'change.ANSWERED': 'answered', 'change.ANSWER_RETURNED': 'answer returned',
        'answer.title': 'Answer of the lead unit', 'answer.form': 'Answer this alert', 'answer.explanation': 'Explanation',
        'answer.measures': 'Measures taken', 'answer.expectedCompletion': 'Expected completion', 'answer.submit': 'Send answer',
        'answer.by': 'Answered by', 'answer.at': 'Answered at',
        'answer.done': 'Answer sent; the supervision office reviews it.', 'answer.awaiting': 'The answer awaits the office\'s review.',
        'response.NONE': 'not answered', 'response.ANSWERED': 'awaiting review', 'response.RETURNED': 'returned',
        'response.ACCEPTED': 'accepted',
        'review.comment': 'Comment (required to return)', 'review.accept': 'Accept answer', 'review.return': 'Return',
        'review.done.RESOLVED': 'Answer accepted; the alert is resolved.', 'review.done.OPEN': 'Returned; the unit may answer again.',
        'escalation.1': 'interview (约谈)',
    },
});

const SHOWN = 300;
const alerts = new Map();
const fresh = new Set();
const filters = {
    state: document.getElementById('filter-state'),
    severity: document.getElementById('filter-severity'),
    rule: document.getElementById('filter-rule'),
    year: document.getElementById('filter-year'),
    period: document.getElementById('filter-period'),
    leadUnit: document.getElementById('filter-unit'),
};
let selected = null;
let selectedAlert = null;
let liveState = null;
let renderTimer = null;
let countTimer = null;
let loaded = false;
let openCounts = {};
/** Period -> its plan year, from the service's reporting calendar. */
const planYearOf = {};

function newer(a, b) {
    return !b || new Date(a.updatedAt) >= new Date(b.updatedAt);
}

function matches(alert) {
    return (!filters.state.value || alert.state === filters.state.value)
        && (!filters.severity.value || alert.severity === filters.severity.value)
        && (!filters.rule.value || alert.rule === filters.rule.value)
        && (!filters.year.value || String(planYearOf[alert.period]) === filters.year.value)
        && (!filters.period.value || alert.period === filters.period.value)
        && (!filters.leadUnit.value.trim() || alert.leadUnitId === filters.leadUnit.value.trim());
}

function render() {
    const {el, t, format} = Console;
    const shown = [...alerts.values()].filter(matches)
        .sort((a, b) => new Date(b.updatedAt) - new Date(a.updatedAt) || b.id - a.id);
    document.querySelector('#alerts tbody').replaceChildren(...shown.slice(0, SHOWN).map(a => el('tr', {
            'data-alert': a.id, 'data-rule': a.rule, 'data-subject': a.subjectId, 'data-period': a.period, 'data-state': a.state,
            class: 'clickable' + (a.id === selected ? ' selected' : '') + (fresh.has(a.id) ? ' fresh' : ''),
            onclick: () => select(a.id),
        },
        el('td', {class: 'num'}, a.id),
        el('td', {}, el('span', {class: 'badge ' + a.severity}, t('severity.' + a.severity))),
        el('td', {}, t('rule.' + a.rule)),
        el('td', {}, a.subjectId + (a.leadUnitId && a.leadUnitId !== a.subjectId ? ' · ' + a.leadUnitId : '')),
        el('td', {}, a.period),
        el('td', {}, a.escalationLevel > 0 ? el('span', {class: 'badge RED', 'data-escalation': a.escalationLevel}, t('escalation.' + a.escalationLevel)) : '',
            a.escalationLevel > 0 ? ' ' : '', a.message,
            a.response && a.response !== 'NONE' ? el('span', {class: 'muted', 'data-response': a.response}, ' · ' + t('response.' + a.response)) : ''),
        el('td', {'data-col': 'state'}, el('span', {class: 'badge ' + a.state}, t('state.' + a.state))),
        el('td', {}, format.time(a.updatedAt)))));
    document.getElementById('alerts-count').textContent = t('count', {shown: shown.length});
    const live = document.getElementById('live');
    live.className = 'live ' + (liveState && liveState.kind === 'open' ? 'open' : 'closed');
    live.textContent = liveState ? t('live.' + liveState.kind, liveState) : '';
    renderCounts();
    renderDetail();
}

function scheduleRender() {
    clearTimeout(renderTimer);
    renderTimer = setTimeout(render, 100);
}

/** Open alerts per severity, as the API counts them (its total), not as this page happens to hold them. */
async function loadCounts() {
    try {
        const counts = {};
        for (const severity of ['RED', 'YELLOW', 'INFO']) {
            counts[severity] = (await Console.api('/alerts?state=OPEN&severity=' + severity + '&size=1')).body.total;
        }
        openCounts = counts;
        renderCounts();
    } catch (e) {
        Console.showError(e);
    }
}

function renderCounts() {
    const {el, t} = Console;
    document.getElementById('open-by-severity').replaceChildren(...Object.entries(openCounts).map(([severity, total]) =>
        el('div', {class: 'card', id: 'open-' + severity},
            el('div', {class: 'label'}, el('span', {class: 'badge ' + severity}, t('severity.' + severity)), ' ', t('open.' + severity)),
            el('div', {class: 'value'}, total))));
}

function scheduleCounts() {
    clearTimeout(countTimer);
    countTimer = setTimeout(loadCounts, 500);
}

async function loadList() {
    const query = new URLSearchParams({size: '500'});
    for (const [name, input] of Object.entries(filters)) {
        if (input.value.trim()) {
            query.set(name, input.value.trim());
        }
    }
    try {
        const page = (await Console.api('/alerts?' + query)).body;
        for (const alert of page.items) {
            if (newer(alert, alerts.get(alert.id))) {
                alerts.set(alert.id, alert);
            }
        }
        loaded = true;
        render();
        return page.feedPosition;
    } catch (e) {
        Console.showError(e);
        return null;
    }
}

function onChange(event) {
    if (event.id === null || event.type === 'position') {
        return; // where the stream stands, or why it was cut off: the reconnect resumes from the last change
    }
    const alert = JSON.parse(event.data);
    const known = alerts.get(alert.id);
    if (!newer(alert, known)) {
        return;
    }
    alerts.set(alert.id, alert);
    if (loaded && (!known || known.updatedAt !== alert.updatedAt)) {
        fresh.add(alert.id);
        setTimeout(() => fresh.delete(alert.id), 3000);
    }
    if (alert.id === selected) {
        loadDetail();
    }
    scheduleRender();
    scheduleCounts();
}

async function select(id) {
    selected = id;
    document.getElementById('note').value = '';
    document.getElementById('review-comment').value = '';
    detailNotice('', 'info');
    Console.showNotice('', 'info', 'review-notice');
    Console.showNotice('', 'info', 'answer-notice');
    await loadDetail();
}

async function loadDetail() {
    if (selected === null) {
        return;
    }
    try {
        selectedAlert = (await Console.api('/alerts/' + selected)).body;
        render();
    } catch (e) {
        Console.showError(e);
    }
}

function renderDetail() {
    const panel = document.getElementById('detail');
    if (!selectedAlert) {
        panel.hidden = true;
        return;
    }
    const {el, t, format} = Console;
    const a = selectedAlert;
    panel.hidden = false;
    panel.dataset.alert = a.id;
    document.getElementById('detail-title').replaceChildren(
        el('span', {class: 'badge ' + a.severity}, t('severity.' + a.severity)), ' ',
        '#' + a.id + ' ' + t('rule.' + a.rule) + ' · ' + a.subjectId + ' · ' + a.period + ' ',
        el('span', {class: 'badge ' + a.state, id: 'detail-state'}, t('state.' + a.state)));
    document.getElementById('detail-message').textContent = a.message;
    document.getElementById('detail-details').textContent = a.details ? JSON.stringify(a.details, null, 1) : '';
    const supervisor = (Console.claims() || {}).role === 'supervisor';
    document.getElementById('acknowledge').hidden = !supervisor || a.state !== 'OPEN';
    document.getElementById('resolve').hidden = !supervisor || a.state === 'RESOLVED';
    document.getElementById('note').hidden = !supervisor || a.state === 'RESOLVED';
    if (!supervisor) {
        detailNotice(t('detail.readonly'), 'info');
    }
    renderAnswer(a, supervisor);
    document.querySelector('#history tbody').replaceChildren(...(a.history || []).map(h => el('tr', {'data-change': h.change},
        el('td', {}, format.time(h.at)), el('td', {}, t('change.' + h.change)), el('td', {}, t('state.' + h.state)),
        el('td', {}, t('severity.' + h.severity)), el('td', {}, h.actor || ''), el('td', {'data-col': 'note'}, h.note || ''))));
}

/** The answer as it stands (with accept / return for the office while it awaits review), or the form for the unit. */
function renderAnswer(a, supervisor) {
    const {el, t, format} = Console;
    const claims = Console.claims() || {};
    const ownUnit = claims.role === 'lead-unit' && claims.unit === a.leadUnitId;
    const answer = a.answer;
    document.getElementById('answer-view').hidden = !answer && !(a.escalationLevel > 0);
    document.getElementById('escalation').hidden = !(a.escalationLevel > 0);
    const response = document.getElementById('answer-response');
    response.textContent = t('response.' + (a.response || 'NONE'));
    response.dataset.response = a.response || 'NONE';
    response.className = 'badge ' + (a.response || 'NONE');
    document.getElementById('answer-fields').replaceChildren(...(answer ? [
        ['answer.explanation', answer.explanation], ['answer.measures', answer.measures],
        ['answer.expectedCompletion', answer.expectedCompletion], ['answer.by', answer.answeredBy],
        ['answer.at', format.time(answer.answeredAt)],
    ] : []).flatMap(([label, value]) => [el('dt', {}, t(label)), el('dd', {'data-answer': label.slice(7)}, value || '')]));
    document.getElementById('review-actions').hidden = !supervisor || a.response !== 'ANSWERED' || a.state === 'RESOLVED';
    // The unit answers an alert not resolved, when no answer of it awaits review (none yet, or one returned).
    const mayAnswer = ownUnit && a.state !== 'RESOLVED' && a.response !== 'ANSWERED';
    document.getElementById('answer-form').hidden = !mayAnswer;
    if (ownUnit && a.response === 'ANSWERED' && a.state !== 'RESOLVED') {
        Console.showNotice(t('answer.awaiting'), 'info', 'answer-notice');
    }
}

async function sendAnswer() {
    const form = document.getElementById('answer-form');
    Console.clearViolations(form);
    const body = {
        explanation: document.getElementById('answer-explanation').value.trim(),
        measures: document.getElementById('answer-measures').value.trim(),
        expectedCompletion: document.getElementById('answer-expected').value || null,
    };
    try {
        const changed = (await Console.api('/alerts/' + selected + '/answer', {method: 'POST', body})).body;
        applyChange(changed);
        ['answer-explanation', 'answer-measures', 'answer-expected'].forEach(id => { document.getElementById(id).value = ''; });
        Console.showNotice(Console.t('answer.done'), 'ok', 'answer-notice');
    } catch (e) {
        Console.showFormProblem(form, e, 'answer-notice');
    }
}

async function review(kind) {
    const form = document.getElementById('review-actions');
    Console.clearViolations(form);
    const text = document.getElementById('review-comment').value.trim();
    const body = kind === 'answer-return' ? {comment: text} : (text ? {note: text} : {});
    try {
        const changed = (await Console.api('/alerts/' + selected + '/' + kind, {method: 'POST', body})).body;
        applyChange(changed);
        document.getElementById('review-comment').value = '';
        detailNotice(Console.t('review.done.' + (changed.state === 'RESOLVED' ? 'RESOLVED' : 'OPEN')), 'ok');
    } catch (e) {
        Console.showFormProblem(form, e, 'review-notice');
    }
}

function applyChange(changed) {
    if (newer(changed, alerts.get(changed.id))) {
        alerts.set(changed.id, changed);
    }
    selectedAlert = changed;
    render();
    scheduleCounts();
}

function detailNotice(text, kind) {
    Console.showNotice(text, kind, 'detail-notice');
}

async function act(kind) {
    const form = document.getElementById('detail-actions');
    Console.clearViolations(form);
    const note = document.getElementById('note').value.trim();
    try {
        const changed = (await Console.api('/alerts/' + selected + '/' + kind, {method: 'POST', body: note ? {note} : {}})).body;
        if (newer(changed, alerts.get(changed.id))) {
            alerts.set(changed.id, changed);
        }
        selectedAlert = changed;
        detailNotice(Console.t('detail.done.' + changed.state), 'ok');
        document.getElementById('note').value = '';
        render();
        scheduleCounts();
    } catch (e) {
        Console.showFormProblem(form, e, 'detail-notice');
    }
}

async function start() {
    try {
        const {planYears} = await Console.reportingCalendar();
        planYears.forEach(y => y.periods.forEach(p => { planYearOf[p.period] = y.year; }));
        const all = () => Console.el('option', {value: '', 'data-i18n': 'filter.all'}, Console.t('filter.all'));
        filters.year.replaceChildren(all(), ...planYears.map(y => Console.el('option', {value: y.year}, String(y.year))));
        filters.period.replaceChildren(all(), ...planYears.map(y => Console.el('optgroup', {label: Console.t('plan-year', {year: y.year})},
            ...y.periods.map(p => Console.el('option', {value: p.period}, p.period)))));
    } catch (e) {
        Console.showError(e);
    }
    const position = await loadList();
    Console.followStream('/alerts/stream', onChange, (kind, status) => {
        liveState = {kind, status};
        render();
    }, position);
    loadCounts();
}

for (const input of Object.values(filters)) {
    input.addEventListener('change', () => { render(); loadList(); });
}
document.getElementById('acknowledge').addEventListener('click', () => act('acknowledgement'));
document.getElementById('resolve').addEventListener('click', () => act('resolution'));
document.getElementById('submit-answer').addEventListener('click', sendAnswer);
document.getElementById('accept-answer').addEventListener('click', () => review('answer-acceptance'));
document.getElementById('return-answer').addEventListener('click', () => review('answer-return'));
Console.onLanguage(render);
Console.start('notification-service', '/console/alerts.html', start);
