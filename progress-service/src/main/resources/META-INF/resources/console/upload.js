// A lead unit's spreadsheet work (表格报送): the import template, a filled .xlsx or CSV uploaded through
// POST /report-files (all rows or none; the server tells UTF-8 from GB18030 CSV), the refused rows listed with
// their line, column and message, and the reports a good file stored. The API narrows everything to the signed-in unit.
Console.addTexts({
    zh: {
        'page.title': '表格报送',
        'page.intro': '下载模板，每行填写一个项目一个月份的累计数（金额单位为元，与模板一致），再上传整张表。任何一行有错，整张表都不导入，错误逐行列出；改好后重新上传即可。',
        'h.template': '1. 下载报送模板', 'h.upload': '2. 上传填好的表格', 'h.errors': '逐行错误（整张表未导入）',
        'h.imported': '本次导入的报告', 'h.month': '本单位该月已报报告',
        'template.format': '格式', 'template.download': '下载模板', 'template.again': '未自动下载？点此保存',
        'template.saved': '已下载 {name}。',
        'upload.file': '文件（.xlsx 或 .csv，CSV 可为 UTF-8 或 GB18030）', 'upload.button': '上传并导入',
        'upload.choose': '请先选择要上传的 .xlsx 或 .csv 文件。', 'upload.kind': '只能上传 .xlsx 或 .csv 文件。',
        'upload.refused': '表格未导入：{rows} 行有错误，请按下表修改后重新上传。',
        'upload.done': '已导入 {name}：共 {rows} 行，新报 {submitted}，更正 {corrected}，未变 {unchanged}。',
        'due': '该月报送截止：{due}（北京时间）',
        'col.row': '行号', 'col.field': '列', 'col.message': '问题', 'col.project': '项目', 'col.period': '月份',
        'col.timeliness': '报送情况', 'col.version': '版本', 'col.progress': '形象进度', 'col.completed': '累计完成投资（万元）',
        'col.firstReceivedAt': '首次报送时间',
        'card.rows': '行数', 'card.submitted': '新报', 'card.corrected': '更正', 'card.unchanged': '未变',
        'file.whole': '整个文件',
    },
    en: {
        'page.title': 'Spreadsheet upload',
        'page.intro': 'Download the template, fill in one row per project and month with cumulative figures (amounts in yuan, as the template says) and upload the whole sheet. If any row is wrong nothing is imported and every error is listed by row; correct them and upload again.',
        'h.template': '1. Download the template', 'h.upload': '2. Upload the filled sheet', 'h.errors': 'Errors by row (nothing imported)',
        'h.imported': 'Reports imported', 'h.month': 'Our reports on the month',
        'template.format': 'Format', 'template.download': 'Download template', 'template.again': 'Not downloaded? Save it here',
        'template.saved': 'Downloaded {name}.',
        'upload.file': 'File (.xlsx or .csv; CSV in UTF-8 or GB18030)', 'upload.button': 'Upload and import',
        'upload.choose': 'Choose a .xlsx or .csv file first.', 'upload.kind': 'Only .xlsx or .csv files can be uploaded.',
        'upload.refused': 'Nothing was imported: {rows} row(s) have errors; correct them as listed below and upload again.',
        'upload.done': 'Imported {name}: {rows} row(s), {submitted} new, {corrected} corrected, {unchanged} unchanged.',
        'due': 'Reports on the month due by {due} (Beijing time)',
        'col.row': 'Row', 'col.field': 'Column', 'col.message': 'Problem', 'col.project': 'Project', 'col.period': 'Month',
        'col.timeliness': 'Status', 'col.version': 'Version', 'col.progress': 'Progress', 'col.completed': 'Completed (10k yuan)',
        'col.firstReceivedAt': 'First received',
        'card.rows': 'Rows', 'card.submitted': 'New', 'card.corrected': 'Corrected', 'card.unchanged': 'Unchanged',
        'file.whole': 'whole file',
    },
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const period = document.getElementById('period');
const uploadForm = document.getElementById('upload-form');
const fileInput = document.getElementById('file');
let monthStatus = null;
let monthReports = [];
let errors = null;
let result = null;
// One key per chosen file: a second click while the first upload runs, or a retry after a lost answer, gets the
// first answer instead of importing twice (refusals are not remembered, so the corrected file may reuse it).
let idempotencyKey = null;

function newKey() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(36).slice(2);
}

/** The Content-Type the importer expects, from the file's name (browsers often give CSV no type at all). */
function contentTypeOf(file) {
    const name = file.name.toLowerCase();
    if (name.endsWith('.xlsx')) {
        return XLSX;
    }
    if (name.endsWith('.csv')) {
        return 'text/csv';
    }
    return null;
}

/** "rows[7].completedCentral" → line 7, column completedCentral; a violation about the whole file has no line. */
function rowError(violation) {
    const match = /^rows\[(\d+)\]\.?(.*)$/.exec(violation.field || '');
    return match ? {line: Number(match[1]), field: match[2], message: violation.message}
        : {line: null, field: violation.field || '', message: violation.message};
}

function reportCells(r) {
    const {el, t, format} = Console;
    return [
        el('td', {'data-col': 'timeliness'}, r.timeliness ? el('span', {class: 'badge ' + r.timeliness}, t('timeliness.' + r.timeliness)) : ''),
        el('td', {class: 'num', 'data-col': 'version'}, r.latestVersion),
    ];
}

function amountCells(r) {
    const {el, format} = Console;
    return [
        el('td', {class: 'num', 'data-col': 'progress'}, r.latest.progressPercent + '%'),
        el('td', {class: 'num', 'data-col': 'completed'}, format.wan(r.latest.completedInvestment)),
    ];
}

function render() {
    const {el, t, format} = Console;
    document.getElementById('due-at').textContent = monthStatus ? t('due', {due: format.time(monthStatus.dueAt)}) : '';
    document.querySelector('#month-reports tbody').replaceChildren(...monthReports.map(r =>
        el('tr', {'data-project': r.projectId},
            el('td', {}, r.projectId + ' ' + (r.projectName || '')), reportCells(r),
            el('td', {}, format.time(r.firstReceivedAt)), amountCells(r))));

    document.getElementById('row-errors-box').hidden = !errors;
    document.querySelector('#row-errors tbody').replaceChildren(...(errors || []).map(e =>
        el('tr', {'data-row': e.line ?? '', 'data-field': e.field},
            el('td', {class: 'num', 'data-col': 'row'}, e.line ?? t('file.whole')),
            el('td', {'data-col': 'field'}, e.field),
            el('td', {'data-col': 'message'}, e.message))));

    document.getElementById('imported-box').hidden = !result;
    if (result) {
        const card = (id, key, value) => el('div', {class: 'card', id}, el('div', {class: 'label'}, t(key)), el('div', {class: 'value'}, value));
        document.getElementById('import-summary').replaceChildren(
            card('import-rows', 'card.rows', result.rows), card('import-submitted', 'card.submitted', result.submitted),
            card('import-corrected', 'card.corrected', result.corrected), card('import-unchanged', 'card.unchanged', result.unchanged));
        document.querySelector('#imported tbody').replaceChildren(...result.reports.map(r =>
            el('tr', {'data-project': r.projectId, 'data-period': r.period},
                el('td', {}, r.projectId + ' ' + (r.projectName || '')), el('td', {'data-col': 'period'}, r.period),
                reportCells(r), amountCells(r))));
    }
}

const beginLoad = Console.newestLoad();

async function loadMonth() {
    const newest = beginLoad();
    const [status, reports] = await Promise.all([
        Console.api('/reporting-status?period=' + encodeURIComponent(period.value)),
        Console.api('/reports?period=' + encodeURIComponent(period.value)),
    ]);
    if (newest()) {
        monthStatus = status.body;
        monthReports = reports.body;
        render();
    }
}

async function load() {
    try {
        await loadMonth();
    } catch (e) {
        Console.showError(e);
    }
}

async function downloadTemplate() {
    const format = document.getElementById('template-format').value;
    Console.showNotice('', 'info', 'template-notice');
    try {
        const saved = await Console.downloadFile('/report-files/template?format=' + encodeURIComponent(format),
            'template.' + format);
        const link = document.getElementById('template-link');
        link.href = saved.url;
        link.download = saved.name;
        link.hidden = false;
        Console.showNotice(Console.t('template.saved', {name: saved.name}), 'ok', 'template-notice');
    } catch (e) {
        Console.showFormProblem(document.createElement('form'), e, 'template-notice');
    }
}

async function upload(event) {
    event.preventDefault();
    const {t} = Console;
    Console.clearViolations(uploadForm);
    Console.showNotice('', 'info', 'upload-notice');
    const file = fileInput.files[0];
    const problem = !file ? 'upload.choose' : !contentTypeOf(file) ? 'upload.kind' : null;
    if (problem) {
        Console.showViolations(uploadForm, [{field: 'file', message: t(problem)}]);
        return;
    }
    errors = null;
    result = null;
    render();
    try {
        const {body} = await Console.api('/report-files', {method: 'POST', file,
            headers: {'Content-Type': contentTypeOf(file), 'Idempotency-Key': idempotencyKey || (idempotencyKey = newKey())}});
        result = body;
        idempotencyKey = null;
        Console.showNotice(t('upload.done', {name: file.name, ...body}), 'ok', 'upload-notice');
        await loadMonth();
    } catch (e) {
        const violations = (e.problem && e.problem.violations) || [];
        if (e instanceof Console.ApiError && violations.length) {
            errors = violations.map(rowError);
            const rows = new Set(errors.map(x => x.line)).size;
            Console.showNotice(t('upload.refused', {rows}) + (e.problem.detail ? ' (' + e.problem.detail + ')' : ''), 'error', 'upload-notice');
            render();
        } else {
            Console.showFormProblem(uploadForm, e, 'upload-notice');
        }
    }
}

fileInput.addEventListener('change', () => { idempotencyKey = null; });
document.getElementById('download-template').addEventListener('click', downloadTemplate);
uploadForm.addEventListener('submit', upload);
period.addEventListener('change', load);
Console.onLanguage(render);
Console.startWithPeriods('progress-service', '/console/upload.html', [period], load);
