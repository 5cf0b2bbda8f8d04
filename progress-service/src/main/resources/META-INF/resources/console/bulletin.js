// The supervision office's progress bulletin (进度通报) on any month of any plan year, as the data stood at an
// optional cut-off (asOf): GET /bulletins/{period} as JSON on screen, the same bulletin as .xlsx, and a printout
// (console.css's print rules leave the figures only, on A4 landscape). Amounts in 万元 rounded from the API's
// exact yuan; the download keeps exact yuan.
Console.addTexts({
    zh: {
        'page.title': '进度通报',
        'asOf': '数据截至（北京时间，可不填）', 'show': '生成通报', 'download': '下载 Excel', 'print': '打印',
        'download.again': '未自动下载？点此保存', 'download.saved': '已下载 {name}。',
        'title': '{year}年民生实事 {period} 进度通报',
        'meta': '数据截至 {asOf}（北京时间）；报送截止 {due}，{deadline}。金额单位：万元。',
        'deadline.passed': '已过截止时间', 'deadline.open': '尚未截止',
        'asOf.invalid': '请填写完整的日期和时间。', 'invalid': '通报未生成：',
        'h.byUnit': '各牵头单位报送情况', 'h.byProgramme': '各工程报送情况', 'h.overdue': '逾期未报项目',
        'h.lagging': '进度滞后项目', 'h.fundingByProgramme': '资金情况（按工程）', 'h.fundingBySource': '资金情况（按来源）',
        'col.unit': '牵头单位', 'col.programme': '工程', 'col.expected': '应报', 'col.received': '已报', 'col.onTime': '按时',
        'col.late': '逾期报送', 'col.missing': '未报', 'col.reportingRate': '报送率', 'col.onTimeRate': '按时报送率',
        'col.project': '项目', 'col.dueAt': '报送截止', 'col.reportPeriod': '所据报告月份', 'col.completionPercent': '完成（%）',
        'col.elapsedPercent': '时序进度（%）', 'col.behindPoints': '落后（百分点）', 'col.severity': '等级', 'col.basis': '依据',
        'col.group': '分组', 'col.planned': '计划投资（万元）', 'col.completed': '完成投资（万元）',
        'col.fundsReceived': '资金到位（万元）', 'col.completionRate': '完成率', 'col.reporting': '已报送项目',
        'basis.INVESTMENT': '投资完成', 'basis.PROGRESS': '形象进度', 'unassigned': '未指定牵头单位',
        'card.planned': '年度计划（万元）', 'card.completed': '累计完成投资（万元）', 'card.fundsReceived': '累计资金到位（万元）',
    },
    en: {
        'page.title': 'Progress bulletin',
        'asOf': 'Data as of (Beijing time, optional)', 'show': 'Show bulletin', 'download': 'Download Excel', 'print': 'Print',
        'download.again': 'Not downloaded? Save it here', 'download.saved': 'Downloaded {name}.',
        'title': 'Livelihood projects {year}: progress bulletin for {period}',
        'meta': 'Data as of {asOf} (Beijing time); reports due by {due}, {deadline}. Amounts in 10k yuan.',
        'deadline.passed': 'deadline passed', 'deadline.open': 'not yet due',
        'asOf.invalid': 'Enter a complete date and time.', 'invalid': 'The bulletin could not be made:',
        'h.byUnit': 'Reporting by lead unit', 'h.byProgramme': 'Reporting by programme', 'h.overdue': 'Overdue projects (no report)',
        'h.lagging': 'Projects behind schedule', 'h.fundingByProgramme': 'Funding by programme', 'h.fundingBySource': 'Funding by source',
        'col.unit': 'Lead unit', 'col.programme': 'Programme', 'col.expected': 'Expected', 'col.received': 'Received', 'col.onTime': 'On time',
        'col.late': 'Late', 'col.missing': 'Missing', 'col.reportingRate': 'Reporting rate', 'col.onTimeRate': 'On-time rate',
        'col.project': 'Project', 'col.dueAt': 'Due by', 'col.reportPeriod': 'Report month judged', 'col.completionPercent': 'Done (%)',
        'col.elapsedPercent': 'Time elapsed (%)', 'col.behindPoints': 'Behind (points)', 'col.severity': 'Severity', 'col.basis': 'Basis',
        'col.group': 'Group', 'col.planned': 'Planned (10k yuan)', 'col.completed': 'Completed (10k yuan)',
        'col.fundsReceived': 'Received (10k yuan)', 'col.completionRate': 'Completion rate', 'col.reporting': 'Projects reporting',
        'basis.INVESTMENT': 'investment', 'basis.PROGRESS': 'physical progress', 'unassigned': 'No lead unit',
        'card.planned': 'Annual plan (10k yuan)', 'card.completed': 'Completed (10k yuan)', 'card.fundsReceived': 'Received (10k yuan)',
    },
});

const period = document.getElementById('period');
const asOfInput = document.getElementById('as-of');
const form = document.getElementById('bulletin-form');
let bulletin = null;

/** The plan year whose periods hold the month: the bulletin counts that year's projects only. */
async function yearOf(month) {
    const year = (await Console.reportingCalendar()).planYears.find(y => y.periods.some(p => p.period === month));
    return year ? year.year : null;
}

/** A datetime-local value (Beijing wall time, the plan's zone) as an ISO instant with offset; '' for none. */
function asOfParameter() {
    const value = asOfInput.value.trim();
    if (!value) {
        return '';
    }
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? value + ':00+08:00'
        : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value) ? value + '+08:00' : undefined;
}

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

function fundingRows(totals, label) {
    const {el, t, format} = Console;
    const cells = row => [
        el('td', {class: 'num', 'data-col': 'planned'}, format.wan(row.planned)),
        el('td', {class: 'num', 'data-col': 'completed'}, format.wan(row.completed)),
        el('td', {class: 'num', 'data-col': 'received'}, format.wan(row.received)),
        el('td', {class: 'num', 'data-col': 'completionRate'}, format.rate(row.completionRate)),
        el('td', {class: 'num', 'data-col': 'reporting'}, row.reporting + ' / ' + row.projects),
    ];
    // The total row is the API's exact sum rounded once, so it agrees with the API (not a sum of rounded rows).
    return totals.groups.map(row => el('tr', {'data-key': row.key ?? ''}, el('td', {}, label(row)), cells(row)))
        .concat([el('tr', {class: 'total', 'data-key': 'total'}, el('td', {}, t('total')), cells(totals.total))]);
}

function render() {
    const box = document.getElementById('bulletin');
    box.hidden = !bulletin;
    if (!bulletin) {
        return;
    }
    const {el, t, format} = Console;
    const b = bulletin;
    document.getElementById('bulletin-title').textContent = t('title', {year: b.reporting.year, period: b.period});
    document.getElementById('bulletin-meta').textContent = t('meta', {
        asOf: format.time(b.asOf), due: format.time(b.dueAt), deadline: t(b.deadlinePassed ? 'deadline.passed' : 'deadline.open'),
    });
    const o = b.reporting.overall;
    const total = b.funding.byProgramme.total;
    const card = (id, key, value) => el('div', {class: 'card', id}, el('div', {class: 'label'}, t(key)), el('div', {class: 'value'}, value));
    document.getElementById('overall').replaceChildren(
        card('overall-expected', 'col.expected', o.expected), card('overall-received', 'col.received', o.received),
        card('overall-on-time', 'col.onTime', o.onTime), card('overall-late', 'col.late', o.late),
        card('overall-missing', 'col.missing', o.missing),
        card('overall-reporting-rate', 'col.reportingRate', format.rate(o.reportingRate)),
        card('overall-on-time-rate', 'col.onTimeRate', format.rate(o.onTimeRate)),
        card('total-planned', 'card.planned', format.wan(total.planned)),
        card('total-completed', 'card.completed', format.wan(total.completed)),
        card('total-received', 'card.fundsReceived', format.wan(total.received)));
    document.querySelector('#by-unit tbody').replaceChildren(...b.reporting.byLeadUnit.map(g =>
        el('tr', {'data-key': g.key ?? ''}, el('td', {}, g.label || t('unassigned')), countCells(g.counts))));
    document.querySelector('#by-programme tbody').replaceChildren(...b.reporting.byProgramme.map(g =>
        el('tr', {'data-key': g.key ?? ''}, el('td', {}, (g.key ? g.key + ' ' : '') + (g.label || '')), countCells(g.counts))));
    const none = columns => [el('tr', {class: 'empty'}, el('td', {colspan: columns, class: 'muted'}, t('none')))];
    document.querySelector('#overdue tbody').replaceChildren(...(b.overdue.length ? b.overdue.map(p =>
        el('tr', {'data-project': p.projectId},
            el('td', {}, p.projectId + ' ' + (p.name || '')),
            el('td', {}, p.leadUnitName || p.leadUnitId || t('unassigned')),
            el('td', {}, format.time(p.dueAt)))) : none(3)));
    document.querySelector('#lagging tbody').replaceChildren(...(b.lagging.length ? b.lagging.map(p =>
        el('tr', {'data-project': p.projectId},
            el('td', {}, p.projectId + ' ' + (p.name || '')),
            el('td', {}, p.leadUnitName || p.leadUnitId || t('unassigned')),
            el('td', {}, p.reportPeriod),
            el('td', {class: 'num', 'data-col': 'completionPercent'}, p.completionPercent),
            el('td', {class: 'num', 'data-col': 'elapsedPercent'}, p.elapsedPercent),
            el('td', {class: 'num', 'data-col': 'behindPoints'}, p.behindPoints),
            el('td', {}, el('span', {class: 'badge ' + p.severity}, t('severity.' + p.severity))),
            el('td', {}, t('basis.' + p.basis)))) : none(8)));
    document.querySelector('#funding-programme tbody').replaceChildren(...fundingRows(b.funding.byProgramme,
        row => (row.key ? row.key + ' ' : '') + (row.label || '')));
    document.querySelector('#funding-source tbody').replaceChildren(...fundingRows(b.funding.bySource,
        row => row.key ? t('source.' + row.key) : (row.label || '')));
}

/** The query of the bulletin asked for; the download uses the shown bulletin's own asOf, so the file matches the screen. */
async function query(asOf, format) {
    const params = new URLSearchParams();
    const year = await yearOf(period.value);
    if (year) {
        params.set('year', year);
    }
    if (asOf) {
        params.set('asOf', asOf);
    }
    if (format) {
        params.set('format', format);
    }
    return '/bulletins/' + encodeURIComponent(period.value) + '?' + params;
}

function formNotice(text, kind) {
    Console.showNotice(text, kind, 'form-notice');
}

const beginLoad = Console.newestLoad();

async function load() {
    const newest = beginLoad();
    Console.clearViolations(form);
    formNotice('', 'info');
    const asOf = asOfParameter();
    if (asOf === undefined) {
        Console.showViolations(form, [{field: 'asOf', message: Console.t('asOf.invalid')}]);
        return;
    }
    try {
        const answer = (await Console.api(await query(asOf))).body;
        if (newest()) {
            bulletin = answer;
            render();
        }
    } catch (e) {
        if (newest()) {
            bulletin = null;
            render();
            Console.showFormProblem(form, e, 'form-notice', Console.t('invalid'));
        }
    }
}

async function downloadXlsx() {
    formNotice('', 'info');
    const typed = asOfParameter();
    // No cut-off typed: the shown bulletin's own asOf, so the file holds the figures on the screen.
    const asOf = typed || (bulletin && bulletin.period === period.value ? bulletin.asOf : typed);
    if (asOf === undefined) {
        Console.showViolations(form, [{field: 'asOf', message: Console.t('asOf.invalid')}]);
        return;
    }
    try {
        const saved = await Console.downloadFile(await query(asOf, 'xlsx'), '进度通报-' + period.value + '.xlsx');
        const link = document.getElementById('xlsx-link');
        link.href = saved.url;
        link.download = saved.name;
        link.hidden = false;
        formNotice(Console.t('download.saved', {name: saved.name}), 'ok');
    } catch (e) {
        Console.showFormProblem(form, e, 'form-notice', Console.t('invalid'));
    }
}

form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
period.addEventListener('change', load);
document.getElementById('download-xlsx').addEventListener('click', downloadXlsx);
document.getElementById('print').addEventListener('click', () => window.print());
Console.onLanguage(render);
Console.startWithPeriods('progress-service', '/console/bulletin.html', [period], load);
