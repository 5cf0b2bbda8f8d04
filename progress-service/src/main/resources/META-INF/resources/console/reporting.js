// Who reported on a period, on time, late or not at all, and the rates by lead unit and programme
// (GET /reporting-status); a project's reports with every version, so corrections stay visible.
Console.addTexts({
    zh: {
        'page.title': '报送情况',
        'h.byUnit': '各牵头单位报送率与按时报送率', 'h.byProgramme': '各工程', 'h.missing': '未报送项目',
        'h.history': '项目报送历史（含更正）', 'history.project': '项目编号', 'history.show': '查看',
        'history.none': '该项目尚无报送。',
        'due': '报送截止：{due}（北京时间）', 'due.passed': '，已过截止时间', 'due.open': '，尚未截止',
        'col.unit': '牵头单位', 'col.programme': '工程', 'col.expected': '应报', 'col.received': '已报', 'col.onTime': '按时',
        'col.late': '逾期', 'col.missing': '未报', 'col.reportingRate': '报送率', 'col.onTimeRate': '按时报送率',
        'col.period': '月份', 'col.timeliness': '时效', 'col.version': '版本', 'col.receivedAt': '收到时间',
        'col.submittedBy': '填报人', 'col.progress': '形象进度', 'col.completedInvestment': '完成投资（万元）',
        'col.correctionReason': '更正原因',
        'series.reportingRate': '报送率', 'series.onTimeRate': '按时报送率', 'unassigned': '未指定牵头单位',
    },
    en: {
        'page.title': 'Reporting status',
        'h.byUnit': 'Reporting and on-time rates by lead unit', 'h.byProgramme': 'By programme', 'h.missing': 'Projects not reported',
        'h.history': 'A project\'s reports, with corrections', 'history.project': 'Project id', 'history.show': 'Show',
        'history.none': 'No report on this project yet.',
        'due': 'Due by {due} (Beijing time)', 'due.passed': '; the deadline has passed', 'due.open': '; not yet due',
        'col.unit': 'Lead unit', 'col.programme': 'Programme', 'col.expected': 'Expected', 'col.received': 'Received', 'col.onTime': 'On time',
        'col.late': 'Late', 'col.missing': 'Missing', 'col.reportingRate': 'Reporting rate', 'col.onTimeRate': 'On-time rate',
        'col.period': 'Month', 'col.timeliness': 'Timeliness', 'col.version': 'Version', 'col.receivedAt': 'Received at',
        'col.submittedBy': 'Submitted by', 'col.progress': 'Progress', 'col.completedInvestment': 'Completed (10k yuan)',
        'col.correctionReason': 'Correction reason',
        'series.reportingRate': 'Reporting rate', 'series.onTimeRate': 'On-time rate', 'unassigned': 'No lead unit',
    },
});

const period = document.getElementById('period');
let status = null;
let history = null;

function countCells(c) {
    const {el, format} = Console;
    return [
        el('td', {class: 'num', 'data-col': 'expected'}, c.expected),
        el('td', {class: 'num', 'data-col': 'received'}, c.received),
        el('td', {class: 'num', 'data-col': 'onTime'}, c.onTime),
        el('td', {class: 'num', 'data-col': 'late'}, c.late),
        el('td', {class: 'num', 'data-col': 'missing'}, c.missing),
        el('td', {class: 'num', 'data-col': 'reportingRate'}, format.rate(c.reportingRate)),
        el('td', {class: 'num', 'data-col': 'onTimeRate'}, format.rate(c.onTimeRate)),
    ];
}

function render() {
    if (!status) {
        return;
    }
    const {el, t, format} = Console;
    document.getElementById('due-at').textContent = t('due', {due: format.time(status.dueAt)})
        + t(status.deadlinePassed ? 'due.passed' : 'due.open');
    const o = status.overall;
    const card = (id, key, value) => el('div', {class: 'card', id}, el('div', {class: 'label'}, t(key)), el('div', {class: 'value'}, value));
    document.getElementById('overall').replaceChildren(
        card('overall-expected', 'col.expected', o.expected), card('overall-received', 'col.received', o.received),
        card('overall-on-time', 'col.onTime', o.onTime), card('overall-late', 'col.late', o.late),
        card('overall-missing', 'col.missing', o.missing),
        card('overall-reporting-rate', 'col.reportingRate', format.rate(o.reportingRate)),
        card('overall-on-time-rate', 'col.onTimeRate', format.rate(o.onTimeRate)));
    const unitLabel = g => g.label || t('unassigned');
    document.querySelector('#by-unit tbody').replaceChildren(...status.byLeadUnit.map(g =>
        el('tr', {'data-key': g.key ?? ''}, el('td', {}, unitLabel(g)), countCells(g.counts))));
    document.querySelector('#by-programme tbody').replaceChildren(...status.byProgramme.map(g =>
        el('tr', {'data-key': g.key ?? ''}, el('td', {}, (g.key ? g.key + ' ' : '') + (g.label || '')), countCells(g.counts))));
    document.getElementById('missing-projects').textContent =
        status.missingProjectIds.length ? status.missingProjectIds.join('、') : t('none');
    Console.barChart(document.getElementById('rates-chart'), status.byLeadUnit.map(unitLabel), [
        {name: t('series.reportingRate'), values: status.byLeadUnit.map(g => g.counts.reportingRate)},
        {name: t('series.onTimeRate'), values: status.byLeadUnit.map(g => g.counts.onTimeRate)},
    ], {percent: true});
    renderHistory();
}

function renderHistory() {
    if (!history) {
        return;
    }
    const {el, t, format} = Console;
    const rows = [];
    for (const report of history) {
        for (const v of report.versions) {
            rows.push(el('tr', {'data-period': report.period, 'data-version': v.version},
                el('td', {}, report.period),
                el('td', {}, el('span', {class: 'badge ' + report.timeliness}, t('timeliness.' + report.timeliness))),
                el('td', {class: 'num'}, v.version),
                el('td', {}, format.time(v.receivedAt)),
                el('td', {}, v.submittedBy + (v.recordedBy ? ' (' + v.recordedBy + ')' : '')),
                el('td', {class: 'num'}, v.progressPercent + '%'),
                el('td', {class: 'num', 'data-col': 'completedInvestment'}, format.wan(v.completedInvestment)),
                el('td', {'data-col': 'correctionReason'}, v.correctionReason || '')));
        }
    }
    document.querySelector('#history tbody').replaceChildren(...rows);
    Console.showNotice(rows.length ? '' : t('history.none'), 'info', 'history-notice');
}

const beginLoad = Console.newestLoad();

async function load() {
    const newest = beginLoad();
    try {
        const answer = (await Console.api('/reporting-status?period=' + encodeURIComponent(period.value))).body;
        if (newest()) {
            status = answer;
            render();
        }
    } catch (e) {
        if (newest()) {
            Console.showError(e);
        }
    }
}

async function loadHistory(event) {
    event.preventDefault();
    const project = document.getElementById('history-project').value.trim();
    if (!project) {
        return;
    }
    try {
        const latest = (await Console.api('/projects/' + encodeURIComponent(project) + '/reports')).body;
        history = [];
        for (const report of latest) {
            history.push((await Console.api('/projects/' + encodeURIComponent(project) + '/reports/' + report.period)).body);
        }
        renderHistory();
    } catch (e) {
        history = null;
        document.querySelector('#history tbody').replaceChildren();
        Console.showNotice(e.status === 403 ? Console.t('forbidden') + ' ' + (e.problem.detail || '')
            : Console.t('error') + ' ' + (e.status || '') + ': ' + e.message, 'error', 'history-notice');
    }
}

period.addEventListener('change', load);
document.getElementById('history-form').addEventListener('submit', loadHistory);
Console.onLanguage(render);
Console.startWithPeriods('progress-service', '/console/reporting.html', [period], load);
