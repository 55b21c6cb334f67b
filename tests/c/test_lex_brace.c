/* test_lex_brace.c - the brace-language tokenizer on the traps of
 * docs/lexers.md: templates in strings (Kotlin, Swift, JS, Dart), raw and
 * multi-line strings, text blocks, nested comments, regex versus division,
 * JSX, Objective-C directives, numbers, line classes, every unterminated
 * form with its located diagnostic, bad bytes, 100,000 nesting levels and
 * random input (which must never crash, under ASan and valgrind).
 *
 * Tokens are rendered as "kind:text kind:text ..." (newline as \n), the
 * form the differential test against the Python twin compares. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lex_brace.h"

enum { KT = OB_BRACE_KOTLIN, JAVA = OB_BRACE_JAVA, SW = OB_BRACE_SWIFT,
       JS = OB_BRACE_JAVASCRIPT, TS = OB_BRACE_TYPESCRIPT, OBJC = OB_BRACE_OBJC,
       DART = OB_BRACE_DART };

/* ---- rendering ---------------------------------------------------------- */

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1) cap *= 2;
        char *t = realloc(b->s, cap);
        if (!t) abort();
        b->s = t;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void put_text(buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\n': puts_(b, "\\n"); break;
        case '\r': puts_(b, "\\r"); break;
        case '\t': puts_(b, "\\t"); break;
        case 0: puts_(b, "\\0"); break;
        default: put(b, s + i, 1);
        }
    }
}

typedef struct lexed {
    buf toks;    /* kind:text ... */
    buf pos;     /* line:col-end_line ... */
    buf diags;   /* code@line:col ... */
    size_t ntok, ndiag, dropped;
    uint32_t physical, code, comment, blank;
    uint8_t flags[32];
} lexed;

/* Lexes an exact-length copy of src (ASan sees any read past its end). With
 * render 0, tokens are only counted. */
static void lex_n(lexed *l, int lang, int jsx, const char *src, size_t len, int render) {
    memset(l, 0, sizeof *l);
    puts_(&l->toks, "");
    puts_(&l->pos, "");
    puts_(&l->diags, "");
    char *copy = malloc(len ? len : 1);
    if (!copy) abort();
    memcpy(copy, src, len);
    ob_arena *arena = ob_arena_new();
    ob_diag_list diags;
    ob_diags_init(&diags, arena);
    ob_brace_lexer lx;
    CHECK(ob_brace_init(&lx, copy, len, (ob_brace_lang)lang, jsx, arena, &diags) == 0);
    char tmp[64];
    for (;;) {
        ob_brace_token t;
        CHECK(ob_brace_next(&lx, &t) == 0);
        if (t.kind == BK_EOF) break;
        l->ntok++;
        if (!render) continue;
        if (l->ntok > 1) { puts_(&l->toks, " "); puts_(&l->pos, " "); }
        puts_(&l->toks, ob_brace_kind_name(t.kind));
        puts_(&l->toks, ":");
        put_text(&l->toks, t.text, t.len);
        snprintf(tmp, sizeof tmp, "%u:%u-%u", t.line, t.col, t.end_line);
        puts_(&l->pos, tmp);
    }
    ob_brace_count_lines(&lx, &l->physical, &l->code, &l->comment, &l->blank);
    for (size_t i = 0; i < lx.line_flags.len && i < sizeof l->flags; i++)
        l->flags[i] = ((uint8_t *)lx.line_flags.data)[i];
    l->ndiag = diags.items.len;
    l->dropped = diags.dropped;
    for (size_t i = 0; i < diags.items.len; i++) {
        ob_diag *d = &OB_VEC_AT(&diags.items, ob_diag, i);
        snprintf(tmp, sizeof tmp, "%s%s@%u:%u", i ? " " : "", d->code, d->line, d->column);
        puts_(&l->diags, tmp);
    }
    ob_brace_free(&lx);
    ob_vec_free(&diags.items);
    ob_arena_free(arena);
    free(copy);
}

static void lex(lexed *l, int lang, int jsx, const char *src) {
    lex_n(l, lang, jsx, src, strlen(src), 1);
}

static void done(lexed *l) {
    free(l->toks.s);
    free(l->pos.s);
    free(l->diags.s);
}

/* Tokens of src, no diagnostics. */
#define TOKS(lang, jsx, src, want) do { lexed l_; lex(&l_, lang, jsx, src); \
    CHECK_EQ_STR(l_.toks.s, want); CHECK_EQ_STR(l_.diags.s, ""); done(&l_); } while (0)
/* Tokens and diagnostics. */
#define TOKS_D(lang, jsx, src, want, wantd) do { lexed l_; lex(&l_, lang, jsx, src); \
    CHECK_EQ_STR(l_.toks.s, want); CHECK_EQ_STR(l_.diags.s, wantd); done(&l_); } while (0)
/* Tokens, their positions and diagnostics. */
#define TOKS_P(lang, jsx, src, want, wantp, wantd) do { lexed l_; lex(&l_, lang, jsx, src); \
    CHECK_EQ_STR(l_.toks.s, want); CHECK_EQ_STR(l_.pos.s, wantp); \
    CHECK_EQ_STR(l_.diags.s, wantd); done(&l_); } while (0)

/* ---- languages and names -------------------------------------------------- */

static void test_language_names(void) {
    int jsx = -1;
    CHECK_EQ_INT(ob_brace_lang_from_path("a/b/App.kt", &jsx), OB_BRACE_KOTLIN);
    CHECK_EQ_INT(jsx, 0);
    CHECK_EQ_INT(ob_brace_lang_from_path("build.gradle.kts", NULL), OB_BRACE_KOTLIN);
    CHECK_EQ_INT(ob_brace_lang_from_path("Main.java", NULL), OB_BRACE_JAVA);
    CHECK_EQ_INT(ob_brace_lang_from_path("View.swift", NULL), OB_BRACE_SWIFT);
    const char *jsx_files[] = {"a.js", "a.jsx", "a.mjs", "a.cjs", "A.JSX"};
    for (size_t i = 0; i < 5; i++) {
        CHECK_EQ_INT(ob_brace_lang_from_path(jsx_files[i], &jsx), OB_BRACE_JAVASCRIPT);
        CHECK_EQ_INT(jsx, 1);
    }
    CHECK_EQ_INT(ob_brace_lang_from_path("a.tsx", &jsx), OB_BRACE_TYPESCRIPT);
    CHECK_EQ_INT(jsx, 1);
    const char *ts_files[] = {"a.ts", "a.mts", "a.cts"};
    for (size_t i = 0; i < 3; i++) {
        CHECK_EQ_INT(ob_brace_lang_from_path(ts_files[i], &jsx), OB_BRACE_TYPESCRIPT);
        CHECK_EQ_INT(jsx, 0);
    }
    CHECK_EQ_INT(ob_brace_lang_from_path("x.m", NULL), OB_BRACE_OBJC);
    CHECK_EQ_INT(ob_brace_lang_from_path("x.mm", NULL), OB_BRACE_OBJC);
    CHECK_EQ_INT(ob_brace_lang_from_path("x.h", NULL), OB_BRACE_OBJC);
    CHECK_EQ_INT(ob_brace_lang_from_path("main.dart", NULL), OB_BRACE_DART);
    CHECK_EQ_INT(ob_brace_lang_from_path("x.py", &jsx), OB_BRACE_NONE);
    CHECK_EQ_INT(ob_brace_lang_from_path(".js", NULL), OB_BRACE_NONE);
    CHECK_EQ_INT(ob_brace_lang_from_path("dir.js/file", NULL), OB_BRACE_NONE);
    const char *names[][2] = {{"kotlin", "kotlin"}, {"kt", "kotlin"}, {"kts", "kotlin"},
                              {"java", "java"}, {"swift", "swift"}, {"javascript", "javascript"},
                              {"js", "javascript"}, {"jsx", "javascript"},
                              {"typescript", "typescript"}, {"ts", "typescript"},
                              {"tsx", "typescript"}, {"objc", "objc"}, {"objective-c", "objc"},
                              {"objectivec", "objc"}, {"m", "objc"}, {"dart", "dart"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        CHECK_EQ_STR(ob_brace_lang_name(ob_brace_lang_from_name(names[i][0], NULL)), names[i][1]);
    CHECK_EQ_INT(ob_brace_lang_from_name("tsx", &jsx), OB_BRACE_TYPESCRIPT);
    CHECK_EQ_INT(jsx, 1);
    CHECK_EQ_INT(ob_brace_lang_from_name("ts", &jsx), OB_BRACE_TYPESCRIPT);
    CHECK_EQ_INT(jsx, 0);
    CHECK_EQ_INT(ob_brace_lang_from_name("Kotlin", NULL), OB_BRACE_KOTLIN);
    CHECK_EQ_INT(ob_brace_lang_from_name("python", NULL), OB_BRACE_NONE);
    ob_brace_lexer lx;
    CHECK_EQ_INT(ob_brace_init(&lx, "", 0, OB_BRACE_NONE, 0, NULL, NULL), -1);
    ob_brace_free(&lx);
}

static void test_names(void) {
    TOKS(KT, 0, "val $x = `is`; fun `a b`() {}",
         "name:val name:$x op:= name:`is` op:; name:fun name:`a b` op:( op:) op:{ op:}");
    TOKS(JAVA, 0, "int $a_1 = caf\xC3\xA9;", "name:int name:$a_1 op:= name:caf\xC3\xA9 op:;");
    /* '$' is no name character in Swift and Objective-C. */
    TOKS(SW, 0, "{ $0 + $1 }", "op:{ op:$ number:0 op:+ op:$ number:1 op:}");
    /* Swift glues '#' to names, Objective-C '@' (not the other sign). */
    TOKS(SW, 0, "#if os(iOS)\n@objc func f() { #selector(g) }\n#endif",
         "name:#if name:os op:( name:iOS op:) op:@ name:objc name:func name:f op:( op:) op:{ "
         "name:#selector op:( name:g op:) op:} name:#endif");
    TOKS(SW, 0, "`class` `x", "name:`class` op:` name:x");
    TOKS(OBJC, 0, "@interface Foo : NSObject\n@property int x;\n@end",
         "name:@interface name:Foo op:: name:NSObject name:@property name:int name:x op:; name:@end");
    TOKS(OBJC, 0, "@try { } @catch (id e) { } @finally { } @autoreleasepool { @synchronized(a) {} }",
         "name:@try op:{ op:} name:@catch op:( name:id name:e op:) op:{ op:} name:@finally op:{ "
         "op:} name:@autoreleasepool op:{ name:@synchronized op:( name:a op:) op:{ op:} op:}");
    TOKS(OBJC, 0, "@[@1, @(x)]", "op:@ op:[ op:@ number:1 op:, op:@ op:( name:x op:) op:]");
    TOKS(JS, 0, "$el._x", "name:$el op:. name:_x");
    TOKS(JAVA, 0, "a # b \\ c", "name:a op:# name:b op:\\ name:c");
    TOKS(DART, 0, "a\xE2\x82\xAC\xC3\xA9" "b c", "name:a\xE2\x82\xAC\xC3\xA9" "b name:c");
}

/* ---- numbers ------------------------------------------------------------------ */

static void test_numbers(void) {
    TOKS(KT, 0, "1..5 1..<n 1_000L 0x1p+3 1e-5 .5 1.5f 0xFFu",
         "number:1 op:.. number:5 number:1 op:..< name:n number:1_000L number:0x1p+3 "
         "number:1e-5 number:.5 number:1.5f number:0xFFu");
    /* 'e' is a hex digit, not an exponent; 'p' is not a decimal exponent. */
    TOKS(JAVA, 0, "0xE+1 1p+2 1E+2 0X1P-2d 0b1010 07", "number:0xE op:+ number:1 number:1p op:+ "
         "number:2 number:1E+2 number:0X1P-2d number:0b1010 number:07");
    TOKS(SW, 0, "0...5 t.0 1_000.5e+3", "number:0 op:... number:5 name:t number:.0 "
         "number:1_000.5e+3");
    /* JS: a?.5:1 is ?, .5, :, 1; ?. before a name is one operator. */
    TOKS(JS, 0, "a?.5:1; a?.b; 10n", "name:a op:? number:.5 op:: number:1 op:; name:a op:?. "
         "name:b op:; number:10n");
    TOKS(DART, 0, "1.toString() x..a", "number:1.toString op:( op:) name:x op:.. name:a");
    /* The sign of an exponent only before a digit. */
    TOKS(KT, 0, "1e+x 2e-3 0x1p-y", "number:1e op:+ name:x number:2e-3 number:0x1p op:- name:y");
}

/* ---- operators ------------------------------------------------------------------- */

static void test_operators(void) {
    TOKS(KT, 0, "a === b !== c ?: d!! ?.e :: f -> g <<= h >>= i",
         "name:a op:=== name:b op:!== name:c op:?: name:d op:!! op:?. name:e op::: name:f op:-> "
         "name:g op:<<= name:h op:>>= name:i");
    TOKS(JAVA, 0, "List<List<String>> x; a >>>= 2 >>> 1; f(String... s); A::b",
         "name:List op:< name:List op:< name:String op:>> name:x op:; name:a op:>>>= number:2 "
         "op:>>> number:1 op:; name:f op:( name:String op:... name:s op:) op:; name:A op::: name:b");
    /* Swift has no ++ / --. */
    TOKS(SW, 0, "a ?? b ?.c x++ y-- ..< === ->",
         "name:a op:?? name:b op:?. name:c name:x op:+ op:+ name:y op:- op:- op:..< op:=== op:->");
    TOKS(JS, 0, "a ?\?= b ** c **= d => e &&= f ||= g >>>= h ...i === j",
         "name:a op:?\?= name:b op:** name:c op:**= name:d op:=> name:e op:&&= name:f op:||= name:g "
         "op:>>>= name:h op:... name:i op:=== name:j");
    TOKS(OBJC, 0, "p->x ... ^ a++", "name:p op:-> name:x op:... op:^ name:a op:++");
    TOKS(DART, 0, "a ?? b ?\?= c ?.d ?..e ..f ...g ...?h => i ~/ j ~/= k !l",
         "name:a op:?? name:b op:?\?= name:c op:?. name:d op:?.. name:e op:.. name:f op:... "
         "name:g op:...? name:h op:=> name:i op:~/ name:j op:~/= name:k op:! name:l");
}

/* ---- comments ------------------------------------------------------------------------ */

static void test_comments(void) {
    /* Nested in Kotlin, Swift and Dart ... */
    TOKS(KT, 0, "a /* x /* y */ z */ b // c\nd", "name:a name:b name:d");
    TOKS(SW, 0, "a /* /* */ */ b", "name:a name:b");
    TOKS(DART, 0, "a /*/* */*/ b", "name:a name:b");
    /* ... not in Java, JS/TS, Objective-C. */
    TOKS(JAVA, 0, "a /* x /* y */ z */ b", "name:a name:z op:* op:/ name:b");
    TOKS(JS, 0, "a /* /* */ b", "name:a name:b");
    TOKS(OBJC, 0, "a /* /* */ b // x */", "name:a name:b");
    TOKS(TS, 0, "a //* b\nc", "name:a name:c");
}

/* ---- strings per language -------------------------------------------------------------- */

static void test_kotlin_strings(void) {
    TOKS(KT, 0, "val s = \"${a && b}\"",
         "name:val name:s op:= string:\" interp_open:${ name:a op:&& name:b interp_close:} string:\"");
    TOKS(KT, 0, "\"$name!\"", "string:\" interp_open:$ name:name interp_close: string:!\"");
    TOKS(KT, 0, "\"$a$b\"", "string:\" interp_open:$ name:a interp_close: string: interp_open:$ "
         "name:b interp_close: string:\"");
    TOKS(KT, 0, "\"a$1 $ $$ \\$x \\\"\"", "string:\"a$1 $ $$ \\$x \\\"\"");
    TOKS(KT, 0, "\"\"\"raw ${x}\"\"\"",
         "string:\"\"\"raw  interp_open:${ name:x interp_close:} string:\"\"\"");
    /* No escapes in raw strings; extra quotes before the closing three are text. */
    TOKS(KT, 0, "\"\"\"a\\\"\"\"\" x", "string:\"\"\"a\\\"\"\"\" name:x");
    TOKS(KT, 0, "\"\"\"\"\"\"", "string:\"\"\"\"\"\"");
    TOKS(KT, 0, "\"\" + \"x\"", "string:\"\" op:+ string:\"x\"");
    /* Braces of the code balance; braces in nested strings do not count. */
    TOKS(KT, 0, "\"${ {x} }\"",
         "string:\" interp_open:${ op:{ name:x op:} interp_close:} string:\"");
    TOKS(KT, 0, "\"${\"}\" + \"${x}\"}\"",
         "string:\" interp_open:${ string:\"}\" op:+ string:\" interp_open:${ name:x interp_close:} "
         "string:\" interp_close:} string:\"");
    TOKS(KT, 0, "'a' '\\n' '\\u0041' '\"'", "string:'a' string:'\\n' string:'\\u0041' string:'\"'");
    /* A multi-line template string. */
    TOKS_P(KT, 0, "s = \"\"\"\n  a $b\n  ${c}\"\"\"\n",
           "name:s op:= string:\"\"\"\\n  a  interp_open:$ name:b interp_close: string:\\n   "
           "interp_open:${ name:c interp_close:} string:\"\"\"",
           "1:0-1 1:2-1 1:4-2 2:4-2 2:5-2 2:6-2 2:6-3 3:2-3 3:4-3 3:5-3 3:6-3", "");
}

static void test_java_strings(void) {
    TOKS_P(JAVA, 0, "String s = \"\"\"\n  hi \"there\" \\\"\"\"\n  \"\"\";\nchar c = '\\'';",
           "name:String name:s op:= string:\"\"\"\\n  hi \"there\" \\\"\"\"\\n  \"\"\" op:; "
           "name:char name:c op:= string:'\\'' op:;",
           "1:0-1 1:7-1 1:9-1 1:11-3 3:5-3 4:0-4 4:5-4 4:7-4 4:9-4 4:13-4", "");
    /* No templates in Java. */
    TOKS(JAVA, 0, "\"${x} $y\" + '\"'", "string:\"${x} $y\" op:+ string:'\"'");
}

static void test_swift_strings(void) {
    TOKS(SW, 0, "\"\\(x ? 1 : 2)\"", "string:\" interp_open:\\( name:x op:? number:1 op:: "
         "number:2 interp_close:) string:\"");
    TOKS(SW, 0, "\"a\\(f(b, (c)))z\"", "string:\"a interp_open:\\( name:f op:( name:b op:, op:( "
         "name:c op:) op:) interp_close:) string:z\"");
    /* Raw strings: only \#( interpolates, the closer needs its '#'s. */
    TOKS(SW, 0, "#\"a\\(b)\\#(y)\"#", "string:#\"a\\(b) interp_open:\\#( name:y interp_close:) "
         "string:\"#");
    TOKS(SW, 0, "##\"a\"#b\\#(c)\"##", "string:##\"a\"#b\\#(c)\"##");
    TOKS(SW, 0, "#\"a\\#\"b\"# x", "string:#\"a\\#\"b\"# name:x");
    TOKS_P(SW, 0, "let s = \"\"\"\n  v \\(v)\n  \"\"\"\nlet r = #\"\"\"\n\"\"\"#",
           "name:let name:s op:= string:\"\"\"\\n  v  interp_open:\\( name:v interp_close:) "
           "string:\\n  \"\"\" name:let name:r op:= string:#\"\"\"\\n\"\"\"#",
           "1:0-1 1:4-1 1:6-1 1:8-2 2:4-2 2:6-2 2:7-2 2:8-3 4:0-4 4:4-4 4:6-4 4:8-5", "");
    /* No char literals; regex literals #/.../# are strings. */
    TOKS(SW, 0, "'a' #/a\\/b/# ##/x/#/## #", "op:' name:a op:' string:#/a\\/b/# string:##/x/#/## op:#");
}

static void test_js_strings(void) {
    TOKS(JS, 0, "`a${`b${c}`}d`", "string:`a interp_open:${ string:`b interp_open:${ name:c "
         "interp_close:} string:` interp_close:} string:d`");
    TOKS(JS, 0, "`${a}${b}`", "string:` interp_open:${ name:a interp_close:} string: "
         "interp_open:${ name:b interp_close:} string:`");
    TOKS(JS, 0, "`$a \\${b} ${ {c: 1}.c }`", "string:`$a \\${b}  interp_open:${ op:{ name:c "
         "op:: number:1 op:} op:. name:c interp_close:} string:`");
    TOKS_P(TS, 0, "'a\\\nb' + \"c\"", "string:'a\\\\nb' op:+ string:\"c\"", "1:0-2 2:3-2 2:5-2",
           "");
}

static void test_objc_strings(void) {
    TOKS(OBJC, 0, "NSString *s = @\"hi \\\"x\\\"\"; char c = 'a'; f(\"y\");",
         "name:NSString op:* name:s op:= string:@\"hi \\\"x\\\"\" op:; name:char name:c op:= "
         "string:'a' op:; name:f op:( string:\"y\" op:) op:;");
}

static void test_dart_strings(void) {
    TOKS(DART, 0, "'$a${b}'", "string:' interp_open:$ name:a interp_close: string: "
         "interp_open:${ name:b interp_close:} string:'");
    TOKS(DART, 0, "\"$a$b\" '$$a' '$1'", "string:\" interp_open:$ name:a interp_close: string: "
         "interp_open:$ name:b interp_close: string:\" string:'$ interp_open:$ name:a "
         "interp_close: string:' string:'$1'");
    TOKS(DART, 0, "r'$x' r\"${y}\" r'''a\n''' r\"\"\"b\"\"\" xr'c'",
         "string:r'$x' string:r\"${y}\" string:r'''a\\n''' string:r\"\"\"b\"\"\" name:xr string:'c'");
    TOKS_P(DART, 0, "var s = '''\n$a\n''';", "name:var name:s op:= string:'''\\n interp_open:$ "
           "name:a interp_close: string:\\n''' op:;",
           "1:0-1 1:4-1 1:6-1 1:8-1 2:0-2 2:1-2 2:2-2 2:2-3 3:3-3", "");
    TOKS(DART, 0, "'a\\'b' \"\"\"x\"y\"\"\"", "string:'a\\'b' string:\"\"\"x\"y\"\"\"");
}

/* ---- JS regex versus division ------------------------------------------------------------ */

static void test_regex(void) {
    TOKS(JS, 0, "a / b / c", "name:a op:/ name:b op:/ name:c");
    TOKS(JS, 0, "x = /re/g", "name:x op:= regex:/re/g");
    TOKS(JS, 0, "return /a\\/b[/]/.test(s)",
         "name:return regex:/a\\/b[/]/ op:. name:test op:( name:s op:)");
    TOKS(TS, 0, "/x/i.test(a)", "regex:/x/i op:. name:test op:( name:a op:)");
    TOKS(JS, 0, "(a) / 2 / g; b[0] / 2; c++ / 2; d-- / 2; {} / 1",
         "op:( name:a op:) op:/ number:2 op:/ name:g op:; name:b op:[ number:0 op:] op:/ number:2 "
         "op:; name:c op:++ op:/ number:2 op:; name:d op:-- op:/ number:2 op:; op:{ op:} op:/ "
         "number:1");
    TOKS(JS, 0, "typeof /a/; if (x) /b/.exec(y); a = b\n/c/g", "name:typeof regex:/a/ op:; name:if "
         "op:( name:x op:) op:/ name:b op:/ op:. name:exec op:( name:y op:) op:; name:a op:= "
         "name:b op:/ name:c op:/ name:g");
    TOKS(JS, 0, "x = a ? /b/ : /c/; y = 1 /2/ 3; z /= 2",
         "name:x op:= name:a op:? regex:/b/ op:: regex:/c/ op:; name:y op:= number:1 op:/ "
         "number:2 op:/ number:3 op:; name:z op:/= number:2");
    TOKS(JS, 0, "x = /=/; `${/}/.source}`", "name:x op:= regex:/=/ op:; string:` interp_open:${ "
         "regex:/}/ op:. name:source interp_close:} string:`");
    /* No regexes outside JS/TS. */
    TOKS(KT, 0, "x = /a/", "name:x op:= op:/ name:a op:/");
}

/* ---- JSX ------------------------------------------------------------------------------------ */

static void test_jsx(void) {
    TOKS(JS, 1, "const el = <div className=\"x\">if it's {cond && <A/>}</div>;",
         "name:const name:el op:= op:< name:div name:className op:= string:\"x\" op:> "
         "jsx_text:if it's op:{ name:cond op:&& op:< name:A op:/> op:} op:</ name:div op:> op:;");
    TOKS(JS, 1, "x = <>\n  <A b={1} c='d' {...e}/>\n  some text\n</>",
         "name:x op:= op:< op:> op:< name:A name:b op:= op:{ number:1 op:} name:c op:= "
         "string:'d' op:{ op:... name:e op:} op:/> jsx_text:some text op:</ op:>");
    TOKS(JS, 1, "f(<A>{x ? <B/> : \"c\"}</A>)",
         "name:f op:( op:< name:A op:> op:{ name:x op:? op:< name:B op:/> op:: string:\"c\" op:} "
         "op:</ name:A op:> op:)");
    TOKS(JS, 1, "<svg:rect data-x=\"1\" xlink:href='#'><Foo.Bar /></svg:rect>",
         "op:< name:svg:rect name:data-x op:= string:\"1\" name:xlink:href op:= string:'#' op:> "
         "op:< name:Foo.Bar op:/> op:</ name:svg:rect op:>");
    /* Attributes strings have no escapes; comments and `code` in braces. */
    TOKS(JS, 1, "<a b=\"\\\" c={`x${y}`}>{/* c */}</a>",
         "op:< name:a name:b op:= string:\"\\\" name:c op:= op:{ string:`x interp_open:${ name:y "
         "interp_close:} string:` op:} op:> op:{ op:} op:</ name:a op:>");
    /* Text positions: trimmed; a blank run yields nothing. */
    TOKS_P(JS, 1, "<p>\n  a // b\n  <b> </b>\n</p>",
           "op:< name:p op:> jsx_text:a // b op:< name:b op:> op:</ name:b op:> op:</ name:p op:>",
           "1:0-1 1:1-1 1:2-1 2:2-2 3:2-3 3:3-3 3:4-3 3:6-3 3:8-3 3:9-3 4:0-4 4:2-4 4:3-4", "");
    /* '<' where a value ends is a comparison. */
    TOKS(JS, 1, "a < b; i<n; return <A/>", "name:a op:< name:b op:; name:i op:< name:n op:; "
         "name:return op:< name:A op:/>");
    /* .ts: no JSX, <T>x is a type assertion (and </div> after an op is a regex); .tsx
     * reads JSX. */
    TOKS_D(TS, 0, "let a = <T>x; b = <div>if</div>",
           "name:let name:a op:= op:< name:T op:> name:x op:; name:b op:= op:< name:div op:> "
           "name:if op:< regex:/div>", "unterminated-regex@1:26");
    TOKS(TS, 1, "let a = <div>if</div>", "name:let name:a op:= op:< name:div op:> jsx_text:if "
         "op:</ name:div op:>");
    /* TSX: type parameters of an arrow function are no element (TypeScript's rule). */
    TOKS(TS, 1, "f = <T,>(x) => x; g = <T extends U>(x) => x; h = <const T,>() => 1",
         "name:f op:= op:< name:T op:, op:> op:( name:x op:) op:=> name:x op:; name:g op:= op:< "
         "name:T name:extends name:U op:> op:( name:x op:) op:=> name:x op:; name:h op:= op:< "
         "name:const name:T op:, op:> op:( op:) op:=> number:1");
    TOKS(TS, 1, "a = <T extends=\"x\">t</T>", "name:a op:= op:< name:T name:extends op:= "
         "string:\"x\" op:> jsx_text:t op:</ name:T op:>");
    TOKS(JS, 1, "f = <T,>(x) => x", "name:f op:= op:< name:T op:, op:> jsx_text:(x) => x");
    /* '/>' ends opening tags only. */
    TOKS(JS, 1, "<a></a/>", "op:< name:a op:> op:</ name:a op:/ op:>");
    /* The flag does nothing outside JS/TS. */
    TOKS(KT, 1, "a = <b>", "name:a op:= op:< name:b op:>");
}

/* ---- Objective-C ------------------------------------------------------------------------------ */

static void test_objc(void) {
    TOKS_P(OBJC, 0, "#import <Foundation/Foundation.h>\n  # define MAX(a, b) \\\n  ((a) > (b))\nint x; // #no",
           "directive:#import <Foundation/Foundation.h> directive:# define MAX(a, b) \\\\n  ((a) > (b)) "
           "name:int name:x op:;",
           "1:0-1 2:2-3 4:0-4 4:4-4 4:5-4", "");
    /* '#' not first on its line; a directive ending in a continuation at EOF. */
    TOKS_P(OBJC, 0, "x; #y\n#if A \\\n", "name:x op:; op:# name:y directive:#if A \\\\n",
           "1:0-1 1:1-1 1:3-1 1:4-1 2:0-2", "");
    TOKS(OBJC, 0, "/* c */ #if X", "op:# name:if name:X");
    TOKS(OBJC, 0, "void (^b)(int) = ^(int x) { return x; };",
         "name:void op:( op:^ name:b op:) op:( name:int op:) op:= op:^ op:( name:int name:x op:) "
         "op:{ name:return name:x op:; op:} op:;");
    /* Other languages have no directives. */
    TOKS(JAVA, 0, "#x", "op:# name:x");
    TOKS(SW, 0, "  #if DEBUG", "name:#if name:DEBUG");
}

/* ---- line classes -------------------------------------------------------------------------------- */

static void test_lines(void) {
    lexed l;
    lex(&l, KT, 0, "/* header\n \n */\nval x = 1 // c\n\nval s = \"\"\"\na\n\nb\"\"\"\n");
    CHECK_EQ_INT(l.physical, 9);
    CHECK_EQ_INT(l.code, 5);      /* val x, and the four lines of the string */
    CHECK_EQ_INT(l.comment, 2);   /* the comment's first and last lines */
    CHECK_EQ_INT(l.blank, 2);     /* the blank line inside the comment, and line 5 */
    CHECK_EQ_INT(l.flags[1], BR_LINE_COMMENT);
    CHECK_EQ_INT(l.flags[2], BR_LINE_COMMENT);   /* touched, counted blank */
    CHECK_EQ_INT(l.flags[4], BR_LINE_CODE | BR_LINE_COMMENT);
    CHECK_EQ_INT(l.flags[5], 0);
    CHECK_EQ_INT(l.flags[8], BR_LINE_CODE);
    done(&l);
    /* \r\n and lone \r end lines; no final newline; a BOM is skipped. */
    lex(&l, JS, 0, "\xEF\xBB\xBF" "a\r\n\r\n// c\rb");
    CHECK_EQ_STR(l.toks.s, "name:a name:b");
    CHECK_EQ_STR(l.pos.s, "1:0-1 4:0-4");
    CHECK_EQ_INT(l.physical, 4);
    CHECK_EQ_INT(l.code, 2);
    CHECK_EQ_INT(l.comment, 1);
    CHECK_EQ_INT(l.blank, 1);
    done(&l);
    /* JSX: blank text is no code; text is. */
    lex(&l, JS, 1, "x = <a>\n\n  t\n</a>\n");
    CHECK_EQ_INT(l.physical, 4);
    CHECK_EQ_INT(l.code, 3);
    CHECK_EQ_INT(l.blank, 1);
    done(&l);
    /* An unterminated comment touches the lines up to its last byte. */
    lex(&l, DART, 0, "a /* x\n");
    CHECK_EQ_INT(l.physical, 1);
    CHECK_EQ_INT(l.flags[1], BR_LINE_CODE | BR_LINE_COMMENT);
    CHECK_EQ_INT(l.flags[2], 0);
    CHECK_EQ_STR(l.diags.s, "unterminated-comment@1:2");
    done(&l);
    lex(&l, SW, 0, "");
    CHECK_EQ_INT(l.physical, 0);
    CHECK_EQ_INT(l.ntok, 0);
    done(&l);
}

/* The byte-class fast paths of scan_code and skip_lines: indentation in
 * 8- and 4-byte steps, '.', '<', Dart's r"...", many lines of flags. */
static void test_fast_paths(void) {
    TOKS_P(KT, 0, "a\r\n             \tb .5 x.y 1..2 c\n        \n    d",
           "name:a name:b number:.5 name:x op:. name:y number:1 op:.. number:2 name:c name:d",
           "1:0-1 2:14-2 2:16-2 2:19-2 2:20-2 2:21-2 2:23-2 2:24-2 2:26-2 2:28-2 4:4-4", "");
    TOKS(DART, 0, "return r'x' + rx + r\"y\"",
         "name:return string:r'x' op:+ name:rx op:+ string:r\"y\"");
    TOKS(JS, 1, "a < b; x = <b/>", "name:a op:< name:b op:; name:x op:= op:< name:b op:/>");
    TOKS(TS, 0, "a<b>(c) <= d << e", "name:a op:< name:b op:> op:( name:c op:) op:<= name:d "
         "op:<< name:e");
    lexed l;
    char src[400] = "";
    for (int i = 0; i < 40; i++) strcat(src, i % 3 ? "x;\n" : "\n// c\n");
    lex(&l, JAVA, 0, src);
    CHECK_EQ_INT(l.physical, 54);
    CHECK_EQ_INT(l.code, 26);
    CHECK_EQ_INT(l.comment, 14);
    CHECK_EQ_INT(l.blank, 14);
    done(&l);
}

/* ---- bad input -------------------------------------------------------------------------------------- */

static void test_unterminated(void) {
    TOKS_P(KT, 0, "val s = \"abc\nval t = 1", "name:val name:s op:= string:\"abc name:val name:t "
           "op:= number:1", "1:0-1 1:4-1 1:6-1 1:8-1 2:0-2 2:4-2 2:6-2 2:8-2",
           "unterminated-string@1:8");
    TOKS_P(KT, 0, "x\n  \"\"\"abc\n", "name:x string:\"\"\"abc\\n", "1:0-1 2:2-2",
           "unterminated-string@2:2");
    /* The end of the file inside a template: the template is reported, not the string. */
    TOKS_P(KT, 0, "\"${a", "string:\" interp_open:${ name:a", "1:0-1 1:1-1 1:3-1",
           "unterminated-template@1:1");
    TOKS_D(KT, 0, "'a\nb", "string:'a name:b", "unterminated-string@1:0");
    TOKS_D(KT, 0, "a /* x /* y */\n", "name:a", "unterminated-comment@1:2");
    TOKS_D(JAVA, 0, "x /* y", "name:x", "unterminated-comment@1:2");
    TOKS_D(JAVA, 0, "s = \"\"\"\nabc", "name:s op:= string:\"\"\"\\nabc", "unterminated-string@1:4");
    TOKS_P(JS, 0, "x = /abc\ny", "name:x op:= regex:/abc name:y", "1:0-1 1:2-1 1:4-1 2:0-2",
           "unterminated-regex@1:4");
    TOKS_D(JS, 0, "x = /a[/]\\", "name:x op:= regex:/a[/]\\", "unterminated-regex@1:4");
    TOKS_D(JS, 0, "`abc\n${x}", "string:`abc\\n interp_open:${ name:x interp_close:} string:",
           "unterminated-string@1:0");
    TOKS_D(JS, 0, "'a\\", "string:'a\\", "unterminated-string@1:0");
    TOKS_D(JS, 0, "  `${ `${", "string:` interp_open:${ string:` interp_open:${",
           "unterminated-template@1:3 unterminated-template@1:7");
    TOKS_D(JS, 0, "`${\"a", "string:` interp_open:${ string:\"a",
           "unterminated-template@1:1 unterminated-string@1:3");
    TOKS_D(JS, 1, "x = <a b=\"c\n", "name:x op:= op:< name:a name:b op:= string:\"c\\n",
           "unterminated-string@1:9");
    TOKS(JS, 1, "x = <a><b>{y", "name:x op:= op:< name:a op:> op:< name:b op:> op:{ name:y");
    TOKS_D(SW, 0, "#\"abc\"\nx", "string:#\"abc\" name:x", "unterminated-string@1:0");
    TOKS_D(SW, 0, "\"\\(a\"", "string:\" interp_open:\\( name:a string:\"",
           "unterminated-template@1:1 unterminated-string@1:4");
    /* A Swift regex literal is one line unless its opener ends the line. */
    TOKS_D(SW, 0, "#/ab\nc", "string:#/ab name:c", "unterminated-string@1:0");
    TOKS(SW, 0, "#/\na/b\n/#", "string:#/\\na/b\\n/#");
    TOKS_D(OBJC, 0, "@\"abc\nx", "string:@\"abc name:x", "unterminated-string@1:0");
    TOKS_D(DART, 0, "'${a}\nb", "string:' interp_open:${ name:a interp_close:} string: name:b",
           "unterminated-string@1:0");
    TOKS_D(DART, 0, "r'''a", "string:r'''a", "unterminated-string@1:0");
}

static void test_bad_bytes(void) {
    lexed l;
    lex(&l, KT, 0, "val a = 1\nval \xFF\xC3 = \"\xC3\"\n");
    CHECK_EQ_STR(l.toks.s, "name:val name:a op:= number:1 name:val name:\xFF\xC3 op:= string:\"\xC3\"");
    CHECK_EQ_STR(l.diags.s, "invalid-utf8@2:4");
    done(&l);
    /* Overlong, surrogate, truncated. */
    TOKS_D(JS, 0, "a\r\nb \xC0\xAF", "name:a name:b name:\xC0\xAF", "invalid-utf8@2:2");
    TOKS_D(JS, 0, "\xED\xA0\x80", "name:\xED\xA0\x80", "invalid-utf8@1:0");
    TOKS_D(JS, 0, "ab\xE2\x82", "name:ab\xE2\x82", "invalid-utf8@1:2");
    /* A NUL in the first 8 KB (8000 bytes, as analyze_file.c): a binary file, no tokens. */
    lex_n(&l, JAVA, 0, "int a;\0b", 8, 1);
    CHECK_EQ_STR(l.toks.s, "");
    CHECK_EQ_STR(l.diags.s, "binary-file@0:0");
    CHECK_EQ_INT(l.physical, 0);
    done(&l);
    /* After that a NUL is a stray byte: an op. */
    size_t n = 8000 + 3;
    char *big = malloc(n);
    memset(big, ' ', n);
    big[8000] = 0;
    big[8001] = 'x';
    big[8002] = '\n';
    lex_n(&l, JAVA, 0, big, n, 1);
    CHECK_EQ_STR(l.toks.s, "op:\\0 name:x");
    CHECK_EQ_STR(l.diags.s, "");
    done(&l);
    big[7999] = 0;
    lex_n(&l, JAVA, 0, big, n, 1);
    CHECK_EQ_STR(l.diags.s, "binary-file@0:0");
    CHECK_EQ_INT(l.ntok, 0);
    done(&l);
    free(big);
}

/* ---- deep nesting ---------------------------------------------------------------------------------- */

#define DEEP 100000

static char *repeat(const char *head, const char *mid, const char *tail, size_t n, size_t *len) {
    size_t h = strlen(head), m = strlen(mid), t = strlen(tail);
    char *s = malloc(n * (h + t) + m + 1), *p = s;
    for (size_t i = 0; i < n; i++, p += h) memcpy(p, head, h);
    memcpy(p, mid, m);
    p += m;
    for (size_t i = 0; i < n; i++, p += t) memcpy(p, tail, t);
    *p = 0;
    *len = (size_t)(p - s);
    return s;
}

static void test_deep_nesting(void) {
    lexed l;
    size_t len;
    char *s = repeat("`${", "x", "}`", DEEP, &len);
    lex_n(&l, JS, 0, s, len, 0);
    CHECK_EQ_INT(l.ntok, 4 * (size_t)DEEP + 1);
    CHECK_EQ_INT(l.ndiag, 0);
    done(&l);
    /* Unclosed: every level is reported (100 kept, the rest counted). */
    lex_n(&l, JS, 0, s, DEEP * 3, 0);
    CHECK_EQ_INT(l.ntok, 2 * (size_t)DEEP);
    CHECK_EQ_INT(l.ndiag + l.dropped, (size_t)DEEP);
    done(&l);
    free(s);
    s = repeat("\"${", "x", "}\"", DEEP, &len);
    lex_n(&l, KT, 0, s, len, 0);
    CHECK_EQ_INT(l.ntok, 4 * (size_t)DEEP + 1);
    CHECK_EQ_INT(l.ndiag, 0);
    done(&l);
    free(s);
    s = repeat("\"\\(", "x", ")\"", DEEP, &len);
    lex_n(&l, SW, 0, s, len, 0);
    CHECK_EQ_INT(l.ntok, 4 * (size_t)DEEP + 1);
    CHECK_EQ_INT(l.ndiag, 0);
    done(&l);
    free(s);
    s = repeat("/*", "x", "*/", DEEP, &len);
    lex_n(&l, KT, 0, s, len, 1);
    CHECK_EQ_STR(l.toks.s, "");
    CHECK_EQ_INT(l.ndiag, 0);
    done(&l);
    lex_n(&l, DART, 0, s, len - 2, 1);
    CHECK_EQ_STR(l.diags.s, "unterminated-comment@1:0");
    done(&l);
    free(s);
    s = repeat("<a>", "t", "</a>", DEEP, &len);
    lex_n(&l, JS, 1, s, len, 0);
    CHECK_EQ_INT(l.ntok, 6 * (size_t)DEEP + 1);
    CHECK_EQ_INT(l.ndiag, 0);
    done(&l);
    free(s);
    s = repeat("<a>{", "t", "}</a>", DEEP, &len);
    lex_n(&l, TS, 1, s, len, 0);
    CHECK_EQ_INT(l.ntok, 8 * (size_t)DEEP + 1);
    CHECK_EQ_INT(l.ndiag, 0);
    done(&l);
    free(s);
    s = repeat("(", "x", ")", DEEP, &len);
    lex_n(&l, JAVA, 0, s, len, 0);
    CHECK_EQ_INT(l.ntok, 2 * (size_t)DEEP + 1);
    done(&l);
    free(s);
}

/* ---- random bytes ---------------------------------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Lexes buf and checks what holds for any input: the lexer ends, tokens
 * are in order inside the buffer, and line / col / end_line say where. */
static void check_random(int lang, int jsx, const char *src, size_t len) {
    char *copy = malloc(len ? len : 1);
    memcpy(copy, src, len);
    uint32_t *line_of = malloc((len + 1) * sizeof *line_of);
    size_t *bol = malloc((len + 2) * sizeof *bol);
    size_t start = len >= 3 && memcmp(copy, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    uint32_t line = 1;
    bol[1] = start;
    for (size_t i = 0; i < len; i++) {
        line_of[i] = line;
        if (i >= start && (copy[i] == '\n' || (copy[i] == '\r' && !(i + 1 < len && copy[i + 1] == '\n'))))
            bol[++line] = i + 1;
    }
    ob_arena *arena = ob_arena_new();
    ob_diag_list diags;
    ob_diags_init(&diags, arena);
    ob_brace_lexer lx;
    CHECK(ob_brace_init(&lx, copy, len, (ob_brace_lang)lang, jsx, arena, &diags) == 0);
    size_t ntok = 0, last = 0;
    for (;;) {
        ob_brace_token t;
        if (ob_brace_next(&lx, &t) != 0) { CHECK(0); break; }
        if (t.kind == BK_EOF) break;
        size_t off = (size_t)(t.text - copy);
        CHECK(t.text >= copy && off + t.len <= len && off >= last);
        if (t.len) {
            CHECK_EQ_INT(t.line, line_of[off]);
            CHECK_EQ_INT(t.col, off - bol[t.line]);
            CHECK_EQ_INT(t.end_line, line_of[off + t.len - 1]);
        }
        last = off + t.len;
        if (++ntok > 4 * len + 16) { CHECK(0); break; }   /* no endless loop */
        if (check_failures > 20) break;
    }
    uint32_t physical, code, comment, blank;
    ob_brace_count_lines(&lx, &physical, &code, &comment, &blank);
    CHECK_EQ_INT(code + comment + blank, physical);
    ob_brace_free(&lx);
    ob_vec_free(&diags.items);
    ob_arena_free(arena);
    free(line_of);
    free(bol);
    free(copy);
}

static void test_random_bytes(void) {
    static const char alphabet[] = "\"\"''``$${{}}(())\\\\//**##@@<<>>\n\n\r \t=?.:!-+&|^~_rxa1e9p\xC3\xA9";
    char src[600];
    for (int iter = 0; iter < 4000; iter++) {
        size_t len = rnd() % sizeof src;
        int mode = iter % 4;
        for (size_t i = 0; i < len; i++) {
            uint64_t r = rnd();
            src[i] = mode == 0 ? (char)(r & 0xFF)   /* any byte */
                   : (char)alphabet[r % (sizeof alphabet - 1)];
            if (!src[i] && (r >> 8) % 64) src[i] = 1;  /* a NUL, rarely: a binary file */
        }
        int lang = (int)(rnd() % OB_BRACE_LANG_COUNT);
        check_random(lang, (int)(rnd() & 1), src, len);
        if (check_failures > 20) return;
    }
}

int main(void) {
    test_language_names();
    test_names();
    test_numbers();
    test_operators();
    test_comments();
    test_kotlin_strings();
    test_java_strings();
    test_swift_strings();
    test_js_strings();
    test_objc_strings();
    test_dart_strings();
    test_regex();
    test_jsx();
    test_objc();
    test_lines();
    test_fast_paths();
    test_unterminated();
    test_bad_bytes();
    test_deep_nesting();
    test_random_bytes();
    return CHECK_DONE();
}
