// A lead unit's page: when each month's report is due, its own projects for a month (the API narrows every
// list to the token's unit), and the form that submits or corrects a report through
// PUT /projects/{id}/reports/{period}, showing the API's problem+json violations beside the fields. Amounts are
// typed in 万元, as government forms give them, and sent as exact yuan; a report's amounts are shown in 万元.
Console.addTexts({
    zh: {
        'page.title': '牵头单位', 'h.schedule': '报送时间表', 'h.projects': '本单位项目', 'h.form': '填报月度进展',
        'col.period': '月份', 'col.opensAt': '可报送时间', 'col.dueAt': '截止时间', 'col.received': '已报/应报',
        'col.onTime': '按时', 'col.missing': '未报项目', 'col.project': '项目', 'col.timeliness': '报送情况',
        'col.version': '版本', 'col.firstReceivedAt': '首次报送时间',
        'due': '截止：{due}（北京时间）',
        'action.report': '填报', 'action.correct': '更正',
        'f.project': '项目', 'f.progressPercent': '形象进度（%）', 'f.completed': '累计完成投资（万元）',
        'f.fundsReceived': '累计资金到位（万元）', 'f.beneficiaries': '受益群众（人）', 'f.beneficiaryDescription': '群众受益情况',
        'f.progressNarrative': '具体进展情况', 'f.difficulties': '困难问题（每行一条）', 'f.typicalCases': '典型事例',
        'f.submittedBy': '填报人', 'f.contact': '联系电话', 'f.correctionReason': '更正原因（更正或数据回落时必填）',
        'f.submit': '提交',
        'saved.created': '已提交 {project} {period} 的报告（{timeliness}）。',
        'saved.corrected': '已更正 {project} {period} 的报告，现为第 {version} 版。',
        'invalid': '报告未保存，请按提示修改：',
        'amount.invalid': '请填写以万元为单位的数字，最多六位小数（如 18 或 18.5）',
    },
    en: {
        'page.title': 'Lead unit', 'h.schedule': 'Reporting calendar', 'h.projects': 'Our projects', 'h.form': 'Monthly progress report',
        'col.period': 'Month', 'col.opensAt': 'Opens', 'col.dueAt': 'Due by', 'col.received': 'Received / expected',
        'col.onTime': 'On time', 'col.missing': 'Not reported', 'col.project': 'Project', 'col.timeliness': 'Status',
        'col.version': 'Version', 'col.firstReceivedAt': 'First received',
        'due': 'Due by {due} (Beijing time)',
        'action.report': 'Report', 'action.correct': 'Correct',
        'f.project': 'Project', 'f.progressPercent': 'Physical progress (%)', 'f.completed': 'Completed investment (10k yuan, cumulative)',
        'f.fundsReceived': 'Funds received (10k yuan, cumulative)', 'f.beneficiaries': 'Beneficiaries (people)',
        'f.beneficiaryDescription': 'How people benefit', 'f.progressNarrative': 'Progress', 'f.difficulties': 'Difficulties (one per line)',
        'f.typicalCases': 'Typical cases', 'f.submittedBy': 'Submitted by', 'f.contact': 'Contact',
        'f.correctionReason': 'Correction reason (needed to correct, or to report less than before)',
        'f.submit': 'Submit',
        'saved.created': 'Report on {project} for {period} submitted ({timeliness}).',
        'saved.corrected': 'Report on {project} for {period} corrected; now version {version}.',
        'invalid': 'The report was not saved; please correct:',
        'amount.invalid': 'Enter a number in 10k yuan (万元), at most six decimals (e.g. 18 or 18.5)',
    },
});

const period = document.getElementById('period');
const form = document.getElementById('report-form');
let schedule = [];
let projects = [];
let names = {};
let due = null;

function projectLabel(id) {
    return names[id] ? id + ' ' + names[id] : id;
}

function renderSchedule() {
    const {el, t, format} = Console;
    document.querySelector('#schedule tbody').replaceChildren(...schedule.map(s => el('tr', {'data-period': s.period},
        el('td', {}, s.period),
        el('td', {}, format.time(opensAt(s.period))),
        el('td', {}, format.time(s.dueAt)),
        el('td', {class: 'num'}, s.overall.received + ' / ' + s.overall.expected),
        el('td', {class: 'num'}, s.overall.onTime),
        el('td', {}, s.missingProjectIds.join('、') || t('none')))));
}

/** The first instant a month's report may be sent: 00:00 on the 1st of the next month in Shanghai. */
function opensAt(periodText) {
    const [year, month] = periodText.split('-').map(Number);
    return new Date(Date.UTC(year, month, 1) - 8 * 3600 * 1000).toISOString();
}

function renderProjects() {
    const {el, t, format} = Console;
    document.getElementById('due-at').textContent = due ? t('due', {due: format.time(due)}) : '';
    document.querySelector('#projects tbody').replaceChildren(...projects.map(p => el('tr', {'data-project': p.projectId},
        el('td', {}, projectLabel(p.projectId)),
        el('td', {'data-col': 'timeliness'}, el('span', {class: 'badge ' + p.timeliness}, t('timeliness.' + p.timeliness))),
        el('td', {class: 'num'}, p.latestVersion || ''),
        el('td', {}, p.firstReceivedAt ? format.time(p.firstReceivedAt) : ''),
        el('td', {}, el('button', {type: 'button', class: 'secondary', 'data-action': p.latestVersion ? 'correct' : 'report',
            onclick: () => edit(p)}, t(p.latestVersion ? 'action.correct' : 'action.report'))))));
    const choice = document.getElementById('f-project');
    const selected = choice.value;
    choice.replaceChildren(...projects.map(p => el('option', {value: p.projectId, selected: p.projectId === selected}, projectLabel(p.projectId))));
}

async function loadSchedule() {
    schedule = [];
    // The months of the plan year of the month chosen.
    for (const p of await Console.periodsOfYearOf(period.value)) {
        schedule.push((await Console.api('/reporting-status?period=' + p)).body);
    }
    renderSchedule();
}

async function loadProjects() {
    const [status, reports, all] = await Promise.all([
        Console.api('/reporting-status?period=' + period.value),
        Console.api('/reports?period=' + period.value),
        Console.api('/reports'),
    ]);
    // Names come with reports; a project that never reported is shown by its id.
    all.body.forEach(r => { names[r.projectId] = r.projectName; });
    due = status.body.dueAt;
    projects = reports.body.map(r => ({...r}))
        .concat(status.body.missingProjectIds.map(id => ({projectId: id, timeliness: 'MISSING'})))
        .sort((a, b) => a.projectId.localeCompare(b.projectId));
    renderProjects();
}

async function load() {
    try {
        await Promise.all([loadSchedule(), loadProjects()]);
    } catch (e) {
        Console.showError(e);
    }
}

function fill(version) {
    const value = (name) => {
        const parts = name.split('.');
        let v = version;
        for (const part of parts) {
            v = v == null ? null : v[part];
        }
        return v;
    };
    form.querySelectorAll('[name]').forEach(input => {
        const v = input.name === 'correctionReason' ? null : value(input.name);
        input.value = v == null ? '' : Array.isArray(v) ? v.join('\n') : isAmount(input.name) ? yuanToWanText(v) : v;
    });
}

function isAmount(name) {
    return name.startsWith('completed.') || name.startsWith('fundsReceived.');
}

/** Exact yuan (at most two decimals) as 万元 typed back into the form: every digit kept, no separators. */
function yuanToWanText(value) {
    const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(value).trim());
    if (!match) {
        return String(value);
    }
    const cents = BigInt(match[2]) * 100n + BigInt((match[3] || '').padEnd(2, '0'));
    const whole = (cents / 1000000n).toString();
    const fraction = String(cents % 1000000n).padStart(6, '0').replace(/0+$/, '');
    return match[1] + whole + (fraction ? '.' + fraction : '');
}

async function edit(project) {
    document.getElementById('f-project').value = project.projectId;
    document.getElementById('f-period').value = period.value;
    Console.clearViolations(form);
    if (project.latestVersion) {
        try {
            const report = (await Console.api('/projects/' + project.projectId + '/reports/' + period.value)).body;
            fill(report.latest);
        } catch (e) {
            Console.showError(e);
        }
    } else {
        form.reset();
        document.getElementById('f-project').value = project.projectId;
        document.getElementById('f-period').value = period.value;
    }
    form.scrollIntoView();
}

/** Numbers go as numbers; anything else goes as typed, so the API names the field and the rule. */
function typed(text) {
    const trimmed = text.trim();
    if (trimmed === '') {
        return undefined;
    }
    return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * The request, and the amount fields that are not a number of 万元 (the form names them; the API is not asked).
 * Amounts go as exact yuan, JSON numbers digit for digit (Console.exactAmount): the API refuses a number sent as text.
 */
function body() {
    const value = (name) => form.querySelector('[name="' + name + '"]').value;
    const text = (name) => value(name).trim() || undefined;
    const bad = [];
    const amount = (name) => {
        const yuan = Console.wanToYuan(value(name));
        if (yuan === undefined) {
            bad.push({field: name, message: Console.t('amount.invalid')});
            return undefined;
        }
        return yuan === null ? undefined : Console.exactAmount(yuan);
    };
    const amounts = (prefix) => ({
        central: amount(prefix + '.central'), regional: amount(prefix + '.regional'), local: amount(prefix + '.local'),
    });
    const difficulties = value('difficulties').split('\n').map(s => s.trim()).filter(Boolean);
    return {bad, request: {
        progressPercent: typed(value('progressPercent')),
        completed: amounts('completed'),
        fundsReceived: amounts('fundsReceived'),
        beneficiaries: typed(value('beneficiaries')),
        beneficiaryDescription: text('beneficiaryDescription'),
        progressNarrative: text('progressNarrative'),
        difficulties: difficulties.length ? difficulties : undefined,
        typicalCases: text('typicalCases'),
        submittedBy: text('submittedBy'),
        contact: text('contact'),
        correctionReason: text('correctionReason'),
    }};
}

function formNotice(text, kind) {
    Console.showNotice(text, kind, 'form-notice');
}

async function submit(event) {
    event.preventDefault();
    const project = document.getElementById('f-project').value;
    const reportPeriod = document.getElementById('f-period').value;
    Console.clearViolations(form);
    formNotice('', 'info');
    const {bad, request} = body();
    if (bad.length) {
        Console.showViolations(form, bad);
        formNotice(Console.t('invalid'), 'error');
        return;
    }
    try {
        const {status, body: saved} = await Console.api('/projects/' + encodeURIComponent(project) + '/reports/'
            + encodeURIComponent(reportPeriod), {method: 'PUT', body: request});
        const t = Console.t;
        formNotice(status === 201
            ? t('saved.created', {project, period: reportPeriod, timeliness: t('timeliness.' + saved.timeliness)})
            : t('saved.corrected', {project, period: reportPeriod, version: saved.latestVersion}), 'ok');
        await load();
    } catch (e) {
        Console.showFormProblem(form, e, 'form-notice', Console.t('invalid'));
    }
}

period.addEventListener('change', async () => {
    document.getElementById('f-period').value = period.value;
    try {
        await loadProjects();
    } catch (e) {
        Console.showError(e);
    }
});
form.addEventListener('submit', submit);
Console.onLanguage(() => { renderSchedule(); renderProjects(); });
Console.startWithPeriods('progress-service', '/console/unit.html', [period, document.getElementById('f-period')], load);
