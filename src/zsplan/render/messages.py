"""Messages a person reads on the command line (errors, refusals, notices), in Chinese.

The core words its messages in English (:mod:`zsplan.errors`): they are what tests,
scripts and logs match. With ``--lang zh`` (or a ``zh*`` locale) the CLI shows them in
Chinese: :func:`chinese` matches a message against :data:`CATALOG`, English patterns
with named parts, and fills the Chinese template; parts that are messages themselves
(a did-you-mean hint, a sheet row's message) are translated in turn. Quoted input, ids,
numbers, dates and option names (``--item``) are kept as they were written. A message
the catalog does not know is shown in English, as it is: a new message of the core is
never lost, only untranslated (tests/test_messages.py lists the ones a person meets most).
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Parts of a pattern that are messages or hints of their own, translated recursively.
_NESTED = ("hint", "rest", "what")

#: (English pattern, Chinese template). The pattern must match the whole message; ``{name}`` in the
#: template takes the part ``(?P<name>…)``; a part named ``field`` is a field as the front end words it
#: (``--item``, ``TARGET``, ``the 事項 column``), shown as ``--item`` or ``「事項」列``.
CATALOG: tuple[tuple[str, str], ...] = (
    # several plans in one database
    (
        r"this database holds (?P<n>\d+) plans \((?P<ids>.+)\); choose one with --plan ID or \$ZSPLAN_PLAN \('zsplan plans' lists them\)",
        "此數據庫存有{n}個規劃（{ids}）；請用--plan ID或環境變量ZSPLAN_PLAN指定其一（「zsplan plans」列出全部規劃）",
    ),
    (
        r"no plan '(?P<plan>.+)' in this database \(it holds (?P<ids>.+)\); 'zsplan plans' lists them",
        "此數據庫沒有規劃「{plan}」（現有：{ids}）；「zsplan plans」列出全部規劃",
    ),
    (
        r"target id '(?P<id>.+)' is in (?P<n>\d+) plans \((?P<ids>.+)\); give --plan ID, or write it as (?P<forms>.+)",
        "指標編號「{id}」見於{n}個規劃（{ids}）；請用--plan ID指定規劃，或寫作{forms}",
    ),
    (
        r"task id '(?P<id>.+)' is in (?P<n>\d+) plans \((?P<ids>.+)\); give --plan ID, or write it as (?P<forms>.+)",
        "任務編號「{id}」見於{n}個規劃（{ids}）；請用--plan ID指定規劃，或寫作{forms}",
    ),
    (
        r"--all-plans shows the plans' tables one after another; for json or csv \(or --tasks\) give --plan ID, one plan at a time",
        "--all-plans按規劃逐一列出表格；如需json或csv（或--tasks），請用--plan ID逐個規劃輸出",
    ),
    (
        r"--all-plans writes md or html \(the plans one after another\); for (?P<format>\S+) give --plan ID, one file per plan",
        "--all-plans只輸出md或html（各規劃依次排列）；如需{format}，請用--plan ID每個規劃各出一個文件",
    ),
    (
        (
            r"round (?P<code>\S+) is already open, for plan (?P<plan>\S+): a round's code is used once per database, "
            r"so this plan's rounds of the period cannot be opened beside it \('zsplan round show (?P<again>\S+)' shows it\)"
        ),
        "輪次{code}已為規劃{plan}開啟：同一數據庫中輪次編號只能使用一次，本規劃不能再開同一期間的輪次（「zsplan round show {again}」可查看）",
    ),
    (
        r"round (?P<code>\S+) is already open; 'zsplan round show (?P<again>\S+)' shows it",
        "輪次{code}已開啟；「zsplan round show {again}」可查看",
    ),
    (
        r"the database holds another plan \((?P<ids>.+)\); restore an export into a new database \(--db NEW\.db\)",
        "數據庫已存有其他規劃（{ids}）；請將導出文件恢復到新的數據庫（--db 新文件.db）",
    ),
    (r"--all-plans reads every plan; leave out --plan", "--all-plans讀取全部規劃；請勿同時給出--plan"),
    (
        r"no plan '(?P<plan>.+)' in this database \(it holds no plan yet\); 'zsplan load PLAN\.yaml' loads one",
        "此數據庫沒有規劃「{plan}」（尚未載入任何規劃）；請用「zsplan load 規劃文件.yaml」載入",
    ),
    (
        r"this database holds (?P<n>\d+) plans \((?P<ids>.+)\); an export carries one plan and the whole ledger: copy the database with 'zsplan backup FILE' instead",
        "此數據庫存有{n}個規劃（{ids}）；導出文件只能包含一個規劃及全部台賬：請改用「zsplan backup 文件」複製數據庫",
    ),
    (
        r"this belongs to plan '(?P<plan>.+)', not to the plan asked for \('(?P<asked>.+)'\); give --plan (?P<again>.+)",
        "此項屬於規劃「{plan}」，而非所指定的「{asked}」；請改用--plan {again}",
    ),
    # sheets: a row's problem, then what the row says
    (r"row (?P<row>\d+), column (?P<column>.+?): (?P<rest>.+)", "第{row}行「{column}」列：{rest}"),
    (r"row (?P<row>\d+): (?P<rest>.+)", "第{row}行：{rest}"),
    (r"(?P<path>.+): (?P<n>\d+) bad rows?; nothing was imported", "{path}：{n}行有誤；未導入任何數據"),
    (r"(?P<path>.+): unknown sheet type (?P<suffix>.+); give a \.csv, \.xlsx or \.xls file", "{path}：不支持的文件類型{suffix}；請提供.csv、.xlsx或.xls文件"),
    (
        (
            r"(?P<path>.+): row (?P<row>\d+): neither UTF-8 nor GB18030/GBK text \(byte (?P<byte>\d+)\); save the sheet as CSV UTF-8, "
            r"or give its encoding with --encoding big5"
        ),
        "{path}：第{row}行既不是UTF-8也不是GB18030/GBK文本（第{byte}字節）；請將表格另存為「CSV UTF-8」，或用--encoding big5指定編碼",
    ),
    (
        r"(?P<path>.+): row (?P<row>\d+): not (?P<encoding>\S+) text \(byte (?P<byte>\d+)\); give the file's encoding with --encoding \((?P<choices>.+)\)",
        "{path}：第{row}行不是{encoding}文本（第{byte}字節）；請用--encoding指定文件的編碼（{choices}）",
    ),
    (r"(?P<path>.+): cannot read: (?P<why>.+)", "{path}：無法讀取：{why}"),
    (r"(?P<path>.+): cannot open as an Excel workbook \((?P<why>.+)\)", "{path}：無法作為Excel工作簿打開（{why}）"),
    (
        r"(?P<path>.+): cannot open as an Excel 97–2003 workbook \((?P<why>.+)\); save it as \.xlsx",
        "{path}：無法作為Excel 97–2003工作簿打開（{why}）；請另存為.xlsx",
    ),
    (r"read (?P<file>.+) as (?P<encoding>\S+) text", "已按{encoding}編碼讀取{file}"),
    (
        r"no row of (?P<path>.+) reports anything \(a value, an item or a date\); nothing to record",
        "{path}沒有任何一行填報了內容（數值、事項或日期）；無可記錄",
    ),
    (
        (
            r"(?P<path>.+): this file was already imported on (?P<when>.+?) UTC by (?P<by>.+?) \(as (?P<file>.+?): entries #(?P<first>\d+)–#(?P<last>\d+)\); "
            r"nothing was imported"
        ),
        "{path}：此文件已於{when}（UTC）由{by}導入（文件名{file}：第{first}至{last}號記錄）；未導入任何數據",
    ),
    (
        r"(?P<path>.+): this file was already imported on (?P<when>.+?) UTC by (?P<by>.+?) \(as (?P<file>.+?): no entries\); nothing was imported",
        "{path}：此文件已於{when}（UTC）由{by}導入（文件名{file}：無記錄）；未導入任何數據",
    ),
    (r"give --allow-duplicates to import it again", "如需再次導入，請加--allow-duplicates"),
    (
        (
            r"(?P<target>\S+) (?P<value>\S+) as of (?P<date>\S+) by (?P<by>.+) is already in the ledger \(entry #(?P<entry>\d+)\); "
            r"give --allow-duplicates to record it again"
        ),
        "{target}截至{date}由{by}報送的{value}已在台賬中（第{entry}號記錄）；如需再次記錄，請加--allow-duplicates",
    ),
    (
        r"(?P<item>'.*') of (?P<target>'.*?') is already recorded \(entry #(?P<entry>\d+)\); an item counts once",
        "{target}的事項{item}已記錄（第{entry}號記錄）；同一事項只計一次",
    ),
    (r"(?P<item>'.*') of (?P<target>'.*?') is also in row (?P<row>\d+); an item counts once", "{target}的事項{item}亦見於第{row}行；同一事項只計一次"),
    (r"a value outside the named columns; put it under a header", "數值不在任何有名稱的列下；請放在有表頭的列中"),
    (r"unknown column (?P<column>'.*?'); use (?P<columns>.+)", "未知列{column}；可用的列：{columns}"),
    (r"the column (?P<column>'.*?') is already column (?P<n>\d+); keep one of them", "列{column}已是第{n}列；請只保留一列"),
    (r"no (?P<column>'.*?') column; the header needs (?P<columns>.+)", "缺少{column}列；表頭須包括：{columns}"),
    (r"empty; give a target id or name", "為空；請填寫指標編號或名稱"),
    (r"empty; give the as-of date as YYYY-MM-DD", "為空；請填寫截至日期，如2021-06-30"),
    (r"(?P<text>'.*') is not a date; write YYYY-MM-DD", "{text}不是日期；請寫成2021-06-30、2021/6/30或2021年6月30日"),
    (r"(?P<text>'.*') is not a number; commas may only group thousands, as in 1,000", "{text}不是數字；逗號只能用作千位分隔，如1,000"),
    (r"(?P<text>'.*') is not a number", "{text}不是數字"),
    (r"(?P<text>'.*') is not a finite number", "{text}不是有限的數字"),
    (
        r"(?P<target>'.*?') is a level \(stock\): write the level reached as of the date with basis 累計, not an increment",
        "{target}是存量指標：請填寫截至該日期達到的水平，口徑為「累計」，不是本期新增",
    ),
    # targets, units and items
    (r"unknown target (?P<query>'.*?')(?P<hint>(?:; .*)?)", "未知指標{query}{hint}"),
    (r"; did you mean (?P<id>'[^']*') \((?P<name>.*)\)\?", "；是否指{id}（{name}）？"),
    (r"; did you mean (?P<names>.+)\?", "；是否指{names}？"),
    (r"; names containing it: (?P<names>.+)", "；名稱含此詞的指標：{names}"),
    (r"; run 'zsplan status' to list target ids", "；'zsplan status'列出全部指標"),
    (r"; known units: (?P<names>.+)", "；已有的責任單位：{names}"),
    (r"unknown unit (?P<query>'.*?')(?P<hint>(?:; .*)?)", "未知責任單位{query}{hint}"),
    (
        r"(?P<field>\S+|the .+? column) is empty; give a target id or its Chinese name \('zsplan status' lists them\)",
        "{field}為空；請給出指標編號或中文名稱（'zsplan status'列出全部指標）",
    ),
    (r"target name (?P<query>'.*?') is ambiguous: (?P<ids>.+); use the id", "指標名稱{query}對應多項指標：{ids}；請使用編號"),
    (r"unknown item (?P<item>'.*?') of (?P<target>'.*?'); items: (?P<items>.+)", "{target}沒有事項{item}；其事項為：{items}"),
    (
        r"(?P<field>\S+|the .+? column) is empty; give the name of the achievement \(e\.g\. the incubator's name\)",
        "{field}為空；請填寫成果名稱（如孵化器的名稱）",
    ),
    (r"(?P<field>\S+|the .+? column) is (?P<n>\d+) characters long; keep names under (?P<max>\d+)", "{field}長{n}個字符；名稱請少於{max}個字符"),
    (
        r"(?P<field>\S+|the .+? column) is (?P<n>\d+) characters long; keep it under (?P<max>\d+) \(cite a document instead\)",
        "{field}長{n}個字符；請少於{max}個字符（可改為引用文件）",
    ),
    (r"(?P<field>\S+|the .+? column) contains the control character (?P<char>U\+[0-9A-F]+); remove it", "{field}含有控制字符{char}；請刪除"),
    (
        r"(?P<field>\S+|the .+? column) holds a line break or a tab; write it on one line \(a note may have several\)",
        "{field}含有換行或製表符；請寫在一行內（備註可分多行）",
    ),
    (
        r"(?P<field>\S+|the .+? column) is blank; give who records it, or leave it out \(the login name is recorded\)",
        "{field}為空白；請填寫報送人，或不填此項（記錄登錄名）",
    ),
    (
        r"(?P<field>\S+|the .+? column) is blank; give the document \(number, URL or file\), or leave it out",
        "{field}為空白；請填寫證明材料（文號、網址或文件），或不填此項",
    ),
    (
        r"(?P<field>\S+|the .+? column) must be at most (?P<max>[\d,]+) \(a hundred years\), got (?P<got>\d+)",
        "{field}最多為{max}天（一百年），現為{got}",
    ),
    (
        r"(?P<target>'.*?') is tracked by named items \(台賬\); name each achievement in (?P<field>\S+|the .+? column), one per entry",
        "{target}按名稱台賬記錄；請在{field}中逐項填寫成果名稱，每條記錄一項",
    ),
    (
        r"(?P<target>'.*?') is a checklist; name one of its items in (?P<field>\S+|the .+? column): (?P<items>.+)",
        "{target}是清單指標；請在{field}中填寫其中一項：{items}",
    ),
    (
        r"(?P<field>\S+|the .+? column) is for targets tracked by named items; (?P<target>'.*?') takes a value",
        "{field}用於按名稱台賬記錄的指標；{target}應填數值",
    ),
    (r"--as names an achievement; (?P<target>'.*?') takes a value", "--as用於填寫成果名稱；{target}應填數值"),
    (
        r"(?P<target>'.*?') is tracked by values, not named items; see 'zsplan history (?P<id>\S+)'",
        "{target}按數值記錄，沒有名稱台賬；請見'zsplan history {id}'",
    ),
    # values and dates
    (
        r"value (?P<value>\S+) is negative; (?P<target>'.*?') counts (?P<unit>.+) and cannot go below 0",
        "數值{value}為負數；{target}以「{unit}」計數，不能小於0",
    ),
    (r"value (?P<value>\S+) is not a whole number; (?P<target>'.*?') counts (?P<unit>.+)", "數值{value}不是整數；{target}以「{unit}」計數"),
    (
        r"value (?P<value>\S+) is implausibly large for (?P<target>'.*?') \(at most (?P<max>\S+) (?P<unit>.+) per report\)",
        "數值{value}對{target}而言過大（每次報送至多{max}{unit}）",
    ),
    (r"value (?P<value>\S+) is not a finite number", "數值{value}不是有限的數字"),
    (
        r"(?P<path>.+) is the (?P<kind>wal|shm|journal) file SQLite keeps beside (?P<database>.+), not a database; give --db (?P=database)",
        "{path}是SQLite在{database}旁保存的{kind}文件，不是數據庫；請用 --db {database}",
    ),
    (r"value (?P<value>\S+) is not a finite number; give the figure as a number such as 3 or 2\.5", "數值{value}不是有限的數字；請填寫數字，如3或2.5"),
    (
        r"(?P<target>'.*?') is a milestone; give 1 \(done\) or 0 \(not yet\), got (?P<value>\S+)",
        "{target}是節點任務；請填1（已完成）或0（尚未完成），收到{value}",
    ),
    (
        r"date (?P<date>\S+) is in the future \(today is (?P<today>\S+)\); progress is reported as of a past or present date",
        "日期{date}晚於今天（{today}）；進展只能按今天或以前的日期報送",
    ),
    (
        (
            r"date (?P<date>\S+) is before the baseline date (?P<baseline>\S+) of (?P<target>'.*?'): it is recorded as a baseline fact, "
            r"which needs its evidence; give (?P<field>\S+|the .+? column) \(the document that shows it\)"
        ),
        "日期{date}早於{target}的基數日期{baseline}，將作為基期事實記錄，須附證明材料；請填{field}（證明該事實的文件）",
    ),
    (
        r"(?P<target>'.*?') has no target value yet \(目標值待定\): it is listed, never judged; amend the plan with its value, then record progress",
        "{target}目標值待定：列出但暫不考核；請先修訂規劃明確目標值，再報送進展",
    ),
    (r"date (?P<date>\S+) is before the baseline date (?P<baseline>\S+) of (?P<target>'.*?')", "日期{date}早於{target}的基數日期{baseline}"),
    (
        r"a nil report says nothing new for (?P<target>'.*?'); leave (?P<field>\S+|the .+? column) out",
        "本期無新增的報送對{target}不含任何事項；請不要填{field}",
    ),
    (
        r"a nil report says nothing new for (?P<target>'.*?'); leave the value out \(a level of 0 is a figure, not a nil report\)",
        "本期無新增的報送對{target}不含數值；請不要填數值（水平為0是一個數，不是「無新增」）",
    ),
    # entries: correct and retract
    (
        r"no progress entry #(?P<entry>\d+); 'zsplan history TARGET' lists a target's entries",
        "沒有第{entry}號記錄；'zsplan history TARGET'列出一項指標的全部記錄",
    ),
    (r"entry #(?P<entry>\d+) is a retraction; a retraction cannot be corrected or retracted", "第{entry}號記錄是撤銷記錄；撤銷記錄不能再更正或撤銷"),
    (
        r"entry #(?P<entry>\d+) was retracted by #(?P<later>\d+); if it should count after all, log it again",
        "第{entry}號記錄已被第{later}號撤銷；如仍應計入，請重新記錄",
    ),
    (
        r"entry #(?P<entry>\d+) was already corrected by #(?P<later>\d+); work on #(?P=later) instead",
        "第{entry}號記錄已被第{later}號更正；請對第{later}號記錄操作",
    ),
    (r"entry #(?P<entry>\d+) is a nil report \(nothing new\); retract it and log the figure instead", "第{entry}號記錄是「本期無新增」；請撤銷它，再記錄數值"),
    (r"entry #(?P<entry>\d+) already says that; give a new value, (?P<item>\S+) or (?P<date>\S+)", "第{entry}號記錄已是如此；請給出新的數值、{item}或{date}"),
    (r"(?P<field>\S+) is empty; say why the entry is corrected or retracted", "{field}為空；請說明更正或撤銷的原因"),
    (r"(?P<field>\S+) is required: say why, it is kept in the history", "須給出{field}：請說明原因，原因保存在歷史記錄中"),
    (r"… and (?P<n>\d+) more", "……另有{n}行"),
    # validate
    (r"(?P<n>\d+) problems? in (?P<paths>.+)", "{paths}有{n}個問題"),
    (
        (
            r"(?P<path>.+): valid: (?P<measures>\d+) measures \((?P<chapters>\d+) chapters, (?P<sections>\d+) sections, (?P<numbered>\d+) numbered measures, "
            r"(?P<columns>\d+) columns\), (?P<targets>\d+) targets, (?P<units>\d+) units"
        ),
        "{path}：有效：{measures}項措施（{chapters}章、{sections}節、{numbered}條編號措施、{columns}個專欄），{targets}項指標，{units}個責任單位",
    ),
    # reports
    (r"an (?P<format>XLSX|DOCX) report needs -o FILE", "{format}格式的報告須用-o FILE指定輸出文件"),
    (
        r"period (?P<period>\S+) has not begun \(today is (?P<today>\S+)\): a report covers a past or current period",
        "報告期{period}尚未開始（今天是{today}）：報告只能針對已過去或當前的報告期",
    ),
    (r"--excel shapes CSV for Excel and WPS; give it with --format csv", "--excel用於生成供Excel和WPS打開的CSV；請與--format csv一起使用"),
    # the ledger's integrity (zsplan verify, report)
    (
        (
            r"entry #(?P<entry>\d+) does not match the ledger's hash chain: it, or an entry before it, was changed, removed or inserted outside zsplan; "
            r"restore a backup or an export, and ask who had write access to the database"
        ),
        "第{entry}號記錄與台賬的哈希鏈不符：它或它之前的記錄在zsplan之外被修改、刪除或插入；請從備份或導出文件恢復，並查明誰有數據庫的寫入權限",
    ),
    (r"the plan's tables were changed outside zsplan; restore a backup or an export", "規劃的數據表在zsplan之外被修改；請從備份或導出文件恢復"),
    (
        r"entries' name keys were changed outside zsplan \(the counted-twice check reads them\); restore a backup or an export",
        "記錄的名稱歸併鍵在zsplan之外被修改（重複計算核查依據它）；請從備份或導出文件恢復",
    ),
    (
        (
            r"entry #(?P<entry>\d+) keeps the key (?P<key>'.*') for its item name (?P<name>'.*'), which folds to (?P<folded>'.*'): "
            r"the name or its key was changed outside zsplan"
        ),
        "第{entry}號記錄的事項名稱{name}歸併後應為{folded}，但其歸併鍵為{key}：名稱或歸併鍵在zsplan之外被修改",
    ),
    (
        (
            r"entry #(?P<entry>\d+) keeps the key (?P<key>'.*') for its realised-as name (?P<name>'.*'), which folds to (?P<folded>'.*'): "
            r"the name or its key was changed outside zsplan"
        ),
        "第{entry}號記錄的實際名稱{name}歸併後應為{folded}，但其歸併鍵為{key}：名稱或歸併鍵在zsplan之外被修改",
    ),
    (
        r"entry #(?P<entry>\d+) has no item name but keeps the name key (?P<key>'.*'): the key was written outside zsplan",
        "第{entry}號記錄沒有事項名稱，卻存有名稱歸併鍵{key}：歸併鍵在zsplan之外寫入",
    ),
    (r"and (?P<n>\d+) more entries whose name keys are not their names folded", "另有{n}條記錄的名稱歸併鍵與名稱不符"),
    (
        r"verified: (?P<n>[\d,]+) entries in an unbroken hash chain, head (?P<head>[0-9a-f]+); the plan's tables match its definitions",
        "核驗通過：{n}條記錄的哈希鏈完整，鏈頭{head}；規劃數據表與其定義一致",
    ),
    (
        (
            r"verified: (?P<n>[\d,]+) entries in an unbroken hash chain, head (?P<head>[0-9a-f]+); the plan's definitions are not stored in this database "
            r"\(made by an older zsplan; 'zsplan load' stores them\)"
        ),
        "核驗通過：{n}條記錄的哈希鏈完整，鏈頭{head}；此數據庫未存規劃定義（由舊版zsplan建立；'zsplan load'可存入）",
    ),
    (
        (
            r"verified (?P<path>.+): the files match their digests, the ledger of (?P<n>[\d,]+) entries chains to (?P<head>[0-9a-f]+), "
            r"and report\.md is computed again from it byte for byte \(method (?P<method>\S+)\)"
        ),
        "核驗通過：{path}的文件與其摘要一致，{n}條記錄的台賬鏈接至{head}，並可據此逐字節重新計算出report.md（方法版本{method}）",
    ),
    (
        (
            r"database (?P<db>.+) has schema revision (?P<old>\d+), and this zsplan reads (?P<new>\d+): the upgrade writes to it, which (?P<mode>\S+) "
            r"does not allow; open it once without (?P=mode) to upgrade it \(a backup is kept beside it\)"
        ),
        "數據庫{db}的結構版本為{old}，本版zsplan讀取{new}：升級須寫入數據庫，而{mode}不允許寫入；請不帶{mode}打開一次以完成升級（升級前會在旁保留備份）",
    ),
    (r"entry #(?P<entry>\d+) is the first that does not match the hash chain", "第{entry}號記錄是第一條與哈希鏈不符的記錄"),
    (
        r"the ledger or the plan's tables were changed outside zsplan; no report is compiled from them: run 'zsplan verify'",
        "台賬或規劃數據表在zsplan之外被修改；不據此編製報告：請運行'zsplan verify'",
    ),
    # notices
    (
        r"initialised (?P<db>.+) from the bundled plan \((?P<measures>\d+) measures, (?P<targets>\d+) targets, (?P<units>\d+) units\)",
        "已用內置的行動計劃初始化{db}（{measures}項措施，{targets}項指標，{units}個責任單位）",
    ),
)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, re.S), template) for pattern, template in CATALOG)


_COLUMN = re.compile(r"the (.+?) column")


def _field(text: str) -> str:
    """A field as a front end words it, in Chinese: ``the 事項 column`` → ``「事項」列``; options stay as typed."""
    match = _COLUMN.fullmatch(text)
    return f"「{match.group(1)}」列" if match else text


def chinese(message: str) -> str:
    """``message`` in Chinese where :data:`CATALOG` knows it (its nested parts translated too), else as it is.

    Example: ``row 3, column 日期: '2021/2/30' is not a date; write YYYY-MM-DD`` →
    ``第3行「日期」列：'2021/2/30'不是日期；請寫成2021-06-30、2021/6/30或2021年6月30日``.
    """
    for pattern, template in _compiled():
        match = pattern.fullmatch(message)
        if match is None:
            continue
        parts = {}
        for name, found in match.groupdict().items():
            value = found or ""
            if name in _NESTED and value:
                value = chinese(value)
            elif name == "names":
                value = value.replace("' or '", "'或'")
            elif name in ("field", "item", "date") and not value.startswith("'"):
                value = _field(value)
            parts[name] = value
        return template.format(**parts)
    return message


def say(message: str, labels: object) -> str:
    """``message`` as a person reads it in ``labels``' language and script (a :class:`zsplan.render.labels.Labels`)."""
    from zsplan.render.labels import Labels

    words = labels if isinstance(labels, Labels) else Labels()
    if words.lang != "zh":
        return message
    return words.text(chinese(message))


def error_line(message: str, labels: object) -> str:
    """The ``Error: …`` line of a refusal, in the chosen language (``錯誤：…`` in Chinese)."""
    from zsplan.render.labels import Labels

    words = labels if isinstance(labels, Labels) else Labels()
    if words.lang != "zh":
        return f"Error: {message}"
    return words.text(f"錯誤：{chinese(message)}")
