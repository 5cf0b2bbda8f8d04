// The responsibility table (责任表) import: the template downloaded with the token (a plain link cannot send it),
// the filled table uploaded as CSV or .xlsx (POST /responsibility-table), and either what the import changed or
// every bad cell by the file's own row number and its column, as the API reports it (rows[<line>].<column>).
Console.addTexts({
    zh: {
        'page.title': '责任表导入',
        'page.intro': '下载模板，按表头填写各项目的牵头单位和金额（单位：元，最多两位小数），再上传。整张表全部通过校验才会导入；有错误时一行也不导入，并逐行列出错误。',
        'h.template': '1. 下载模板', 'h.upload': '2. 上传填好的责任表', 'h.errors': '逐行错误',
        'template.csv': '下载 CSV 模板', 'template.xlsx': '下载 Excel 模板',
        'year': '年度', 'year.option': '{year}年度', 'year.any': '（按项目编号确定）',
        'file': '文件（CSV 或 .xlsx）', 'upload': '导入',
        'file.required': '请选择要上传的文件', 'file.type': '只接受 .csv 或 .xlsx 文件',
        'result.rows': '导入行数', 'result.projectsChanged': '变更的项目', 'result.leadUnitsCreated': '新建的牵头单位',
        'imported': '责任表已导入：{rows} 行，{projects} 个项目有变更，新建 {units} 个牵头单位。',
        'refused': '责任表未导入（一行也没有写入），请按下表修改后重新上传：',
        'err.row': '行号', 'err.field': '栏目', 'err.message': '错误', 'err.content': '该行内容', 'err.file': '（整个文件）',
        'column.project': '项目编号或名称', 'column.lead_unit_id': '牵头单位编号', 'column.lead_unit_name': '牵头单位名称',
        'column.total_investment': '总投资（元）', 'column.annual_plan': '年度计划投资（元）', 'column.central': '中央财政补助（元）',
        'column.regional': '自治区财政补助（元）', 'column.local': '市和县区投入（元）',
    },
    en: {
        'page.title': 'Responsibility table import',
        'page.intro': 'Download the template, fill in each project\'s lead unit and amounts (in yuan, at most two decimals) under its headers, and upload it. The table is imported only if every row is good; otherwise nothing is written and every bad cell is listed by row.',
        'h.template': '1. Download the template', 'h.upload': '2. Upload the filled table', 'h.errors': 'Errors by row',
        'template.csv': 'Download the CSV template', 'template.xlsx': 'Download the Excel template',
        'year': 'Plan year', 'year.option': '{year}', 'year.any': '(from the project ids)',
        'file': 'File (CSV or .xlsx)', 'upload': 'Import',
        'file.required': 'Choose a file to upload', 'file.type': 'Only .csv or .xlsx files are taken',
        'result.rows': 'Rows imported', 'result.projectsChanged': 'Projects changed', 'result.leadUnitsCreated': 'Lead units created',
        'imported': 'Table imported: {rows} rows, {projects} projects changed, {units} lead units created.',
        'refused': 'The table was not imported (not a single row was written); correct the cells below and upload it again:',
        'err.row': 'Row', 'err.field': 'Column', 'err.message': 'Error', 'err.content': 'The row as uploaded', 'err.file': '(the whole file)',
        'column.project': 'Project id or name', 'column.lead_unit_id': 'Lead unit id', 'column.lead_unit_name': 'Lead unit name',
        'column.total_investment': 'Total investment (yuan)', 'column.annual_plan': 'Annual plan (yuan)', 'column.central': 'Central (yuan)',
        'column.regional': 'Autonomous region (yuan)', 'column.local': 'City and counties (yuan)',
    },
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const form = document.getElementById('import-form');
const yearChoice = document.getElementById('import-year');
const fileInput = document.getElementById('import-file');
let years = [];
let lastResult = null;   // {ok: body} or {violations: [...], lines: [...]}, redrawn on a language switch

async function download(format) {
    try {
        await Console.downloadFile('/responsibility-table/template?format=' + format, '责任表模板.' + format);
    } catch (e) {
        Console.showError(e);
    }
}

/** "rows[12].central" as {row: 12, column: 'central'}; a violation of the whole file has no row. */
function located(violation) {
    const match = /^rows\[(\d+)\]\.?(.*)$/.exec(violation.field || '');
    return match ? {row: Number(match[1]), column: match[2], message: violation.message}
        : {row: null, column: violation.field, message: violation.message};
}

function columnLabel(column) {
    if (!column) {
        return Console.t('err.file');
    }
    const key = 'column.' + column;
    const label = Console.t(key);
    return label === key ? column : label + '（' + column + '）';
}

function renderResult() {
    const {el, t} = Console;
    const box = document.getElementById('import-errors-box');
    const cards = document.getElementById('import-result');
    box.hidden = true;
    cards.hidden = true;
    if (!lastResult) {
        return;
    }
    if (lastResult.ok) {
        const r = lastResult.ok;
        document.querySelector('#result-rows .value').textContent = r.rows;
        document.querySelector('#result-projects .value').textContent = r.projectsChanged;
        document.querySelector('#result-units .value').textContent = r.leadUnitsCreated;
        cards.hidden = false;
        Console.showNotice(t('imported', {rows: r.rows, projects: r.projectsChanged, units: r.leadUnitsCreated}), 'ok', 'import-notice');
        return;
    }
    const rows = lastResult.violations.map(located).sort((a, b) => (a.row ?? -1) - (b.row ?? -1));
    document.querySelector('#import-errors tbody').replaceChildren(...rows.map(r => el('tr',
        {class: 'error-row', 'data-row': r.row ?? '', 'data-column': r.column || ''},
        el('td', {class: 'num', 'data-col': 'row'}, r.row ?? '—'),
        el('td', {'data-col': 'field'}, columnLabel(r.column)),
        el('td', {class: 'text', 'data-col': 'message'}, r.message),
        el('td', {class: 'muted', 'data-col': 'content'}, r.row && lastResult.lines[r.row - 1] || ''))));
    box.hidden = false;
    Console.showNotice(t('refused'), 'error', 'import-notice');
}

/**
 * A CSV file's lines, to show a bad row as it was uploaded beside its error: UTF-8, or failing that GB18030 (what
 * Excel's plain CSV saves on a Chinese Windows), as the importer reads it. The API's row number is the file's line.
 */
async function csvLines(file) {
    const bytes = await file.arrayBuffer();
    let text;
    try {
        text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
    } catch (e) {
        text = new TextDecoder('gb18030').decode(bytes);
    }
    return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

function contentTypeOf(file) {
    const name = file.name.toLowerCase();
    return name.endsWith('.xlsx') ? XLSX : name.endsWith('.csv') ? 'text/csv' : null;
}

async function upload(event) {
    event.preventDefault();
    const {t} = Console;
    Console.clearViolations(form);
    Console.showNotice('', 'info', 'import-notice');
    lastResult = null;
    renderResult();
    const file = fileInput.files[0];
    const type = file ? contentTypeOf(file) : null;
    if (!file || !type) {
        Console.showViolations(form, [{field: 'file', message: t(file ? 'file.type' : 'file.required')}]);
        return;
    }
    // No Idempotency-Key: the same table imported twice changes nothing the second time, and the button stays
    // disabled while the upload is under way, so a double click sends it once.
    const button = document.getElementById('upload');
    button.disabled = true;
    try {
        try {
            const {body} = await Console.api('/responsibility-table' + (yearChoice.value ? '?year=' + yearChoice.value : ''),
                {method: 'POST', file, headers: {'Content-Type': type}});
            lastResult = {ok: body};
        } catch (e) {
            const violations = (e.problem && e.problem.violations) || [];
            if (!(e instanceof Console.ApiError) || e.status !== 400 || !violations.length) {
                throw e;
            }
            lastResult = {violations, lines: type === 'text/csv' ? await csvLines(file) : []};
        }
        renderResult();
    } catch (e) {
        Console.showFormProblem(form, e, 'import-notice');
    } finally {
        button.disabled = false;
    }
}

function renderYears() {
    const {el, t} = Console;
    const chosen = yearChoice.value;
    yearChoice.replaceChildren(el('option', {value: ''}, t('year.any')),
        ...years.map(y => el('option', {value: y.year, selected: String(y.year) === chosen}, t('year.option', {year: y.year}))));
}

async function load() {
    try {
        years = (await Console.api('/plan-years')).body;
        renderYears();
    } catch (e) {
        Console.showError(e);
    }
}

document.getElementById('template-csv').addEventListener('click', () => download('csv'));
document.getElementById('template-xlsx').addEventListener('click', () => download('xlsx'));
form.addEventListener('submit', upload);
Console.onLanguage(() => { renderYears(); renderResult(); });
Console.start('project-service', '/console/import.html', load);
