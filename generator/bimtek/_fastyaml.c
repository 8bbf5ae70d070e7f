/* libyaml's events straight to Python data, for the plain lesson files most trainers write.
 *
 * bimtek's loader (bimtek/yamldata.py) composes PyYAML's node tree and builds the data from
 * it; most of that time goes to making Python objects for nodes, marks and tag lookups that
 * a file without a problem never needs (libyaml itself parses 15 MB of lessons in 0.13 s,
 * PyYAML's tree of them takes 0.5 s more). This module reads the same libyaml events and
 * makes the data at once, for the files it can read exactly as the loader would:
 * block and flow collections, scalars without tags, keys that are unique plain text.
 * Anything else (an anchor, an alias, a tag, a merge key, a duplicate key, a second
 * document, a syntax error, nesting deeper than the loader allows) makes it give up
 * and return None: the loader then reads the file itself and reports what it finds.
 *
 *     load(text: bytes) -> tuple[object, str] | None
 *
 * returns the data and their JSON text (as json.dumps(ensure_ascii=False) writes it: what
 * bimtek's cache stores, without a second walk over the data), or None.
 * ``text`` is UTF-8 (already decoded, checked and normalised by bimtek/yamlfile.py).
 * Scalars are read like YAML 1.2's core schema, as bimtek/yamldata.py does:
 * true/True/TRUE and false/False/FALSE, decimal integers, decimal floats, ~/null/Null/NULL
 * and the empty value; everything else (and any quoted value) is text; keys are always text.
 * tests/test_fastyaml.py checks that every file it reads gives the loader's data.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 100 /* bimtek/yamlfile.py's MAX_DEPTH: deeper files go to the loader, which refuses them */

/* A value returned by parse_node: a new reference, or GIVE_UP (no reference, no exception),
 * or NULL with a Python exception set (memory). */
static PyObject give_up_marker;
#define GIVE_UP (&give_up_marker)

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* [-+]?[0-9]+ */
static int is_int(const char *s, size_t n) {
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    if (i == n) return 0;
    for (; i < n; i++)
        if (!is_digit(s[i])) return 0;
    return 1;
}

/* [-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)? */
static int is_float(const char *s, size_t n) {
    size_t i = 0, digits = 0, fraction = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    while (i < n && is_digit(s[i])) { i++; digits++; }
    if (i == n || s[i] != '.') return 0;
    i++;
    while (i < n && is_digit(s[i])) { i++; fraction++; }
    if (digits == 0 && fraction == 0) return 0;
    if (i == n) return 1;
    if (s[i] != 'e' && s[i] != 'E') return 0;
    i++;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    if (i == n) return 0;
    for (; i < n; i++)
        if (!is_digit(s[i])) return 0;
    return 1;
}

static int equals(const char *s, size_t n, const char *word) {
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

static PyObject *plain_scalar(const char *s, size_t n) {
    if (n == 0 || equals(s, n, "~") || equals(s, n, "null") || equals(s, n, "Null") || equals(s, n, "NULL"))
        Py_RETURN_NONE;
    if (equals(s, n, "true") || equals(s, n, "True") || equals(s, n, "TRUE"))
        Py_RETURN_TRUE;
    if (equals(s, n, "false") || equals(s, n, "False") || equals(s, n, "FALSE"))
        Py_RETURN_FALSE;
    if (is_digit(s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.') {
        if (is_int(s, n)) {
            PyObject *text = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
            if (text == NULL) return NULL;
            PyObject *value = PyLong_FromUnicodeObject(text, 10); /* Python's int(text) */
            Py_DECREF(text);
            return value;
        }
        if (is_float(s, n)) {
            PyObject *text = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
            if (text == NULL) return NULL;
            PyObject *value = PyFloat_FromString(text); /* Python's float(text) */
            Py_DECREF(text);
            return value;
        }
    }
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "strict");
}

/* The parser, and the JSON text of the data made so far (what bimtek's cache stores of a file). */
typedef struct {
    yaml_parser_t parser;
    char *json;
    size_t length, capacity;
} Reader;

static int put(Reader *r, const char *bytes, size_t n) {
    if (r->length + n > r->capacity) {
        size_t capacity = r->capacity ? r->capacity : 4096;
        while (capacity < r->length + n) capacity *= 2;
        char *grown = PyMem_Realloc(r->json, capacity);
        if (grown == NULL) { PyErr_NoMemory(); return -1; }
        r->json = grown;
        r->capacity = capacity;
    }
    memcpy(r->json + r->length, bytes, n);
    r->length += n;
    return 0;
}

#define WRITE_LITERAL(r, text) put((r), (text), sizeof(text) - 1)

/* A JSON string of UTF-8 text, as json.dumps(ensure_ascii=False) writes it. */
static int write_string(Reader *r, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    if (WRITE_LITERAL(r, "\"") < 0) return -1;
    size_t run = 0; /* bytes copied as they are */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        if (put(r, s + run, i - run) < 0) return -1;
        run = i + 1;
        char escaped[6] = {'\\', 0, 0, 0, 0, 0};
        size_t length = 2;
        switch (c) {
        case '"': escaped[1] = '"'; break;
        case '\\': escaped[1] = '\\'; break;
        case '\n': escaped[1] = 'n'; break;
        case '\r': escaped[1] = 'r'; break;
        case '\t': escaped[1] = 't'; break;
        case '\b': escaped[1] = 'b'; break;
        case '\f': escaped[1] = 'f'; break;
        default:
            escaped[1] = 'u'; escaped[2] = '0'; escaped[3] = '0';
            escaped[4] = hex[c >> 4]; escaped[5] = hex[c & 15];
            length = 6;
        }
        if (put(r, escaped, length) < 0) return -1;
    }
    if (put(r, s + run, n - run) < 0) return -1;
    return WRITE_LITERAL(r, "\"");
}

/* A scalar's JSON: ``value`` is what ``s`` (its text) was read as. */
static int write_scalar(Reader *r, PyObject *value, const char *s, size_t n) {
    if (value == Py_None) return WRITE_LITERAL(r, "null");
    if (value == Py_True) return WRITE_LITERAL(r, "true");
    if (value == Py_False) return WRITE_LITERAL(r, "false");
    if (PyUnicode_Check(value)) return write_string(r, s, n);
    if (PyFloat_Check(value) && Py_IS_INFINITY(PyFloat_AS_DOUBLE(value)))
        return PyFloat_AS_DOUBLE(value) > 0 ? WRITE_LITERAL(r, "Infinity") : WRITE_LITERAL(r, "-Infinity");
    PyObject *text = PyObject_Repr(value); /* an int or a finite float, as json.dumps writes them */
    if (text == NULL) return -1;
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(text, &size);
    int failed = utf8 == NULL ? -1 : put(r, utf8, (size_t)size);
    Py_DECREF(text);
    return failed;
}

static PyObject *parse_node(Reader *r, yaml_event_t *event, int depth);

/* The events after a collection's start, up to its end: the items, or the keys and values. */
static PyObject *parse_sequence(Reader *r, int depth) {
    PyObject *list = PyList_New(0);
    if (list == NULL || WRITE_LITERAL(r, "[") < 0) { Py_XDECREF(list); return NULL; }
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&r->parser, &event)) { Py_DECREF(list); return GIVE_UP; }
        if (event.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&event);
            if (WRITE_LITERAL(r, "]") < 0) { Py_DECREF(list); return NULL; }
            return list;
        }
        if (PyList_GET_SIZE(list) > 0 && WRITE_LITERAL(r, ",") < 0) { yaml_event_delete(&event); Py_DECREF(list); return NULL; }
        PyObject *item = parse_node(r, &event, depth);
        if (item == NULL || item == GIVE_UP) { Py_DECREF(list); return item; }
        int failed = PyList_Append(list, item);
        Py_DECREF(item);
        if (failed) { Py_DECREF(list); return NULL; }
    }
}

static PyObject *parse_mapping(Reader *r, int depth) {
    PyObject *dict = PyDict_New();
    if (dict == NULL || WRITE_LITERAL(r, "{") < 0) { Py_XDECREF(dict); return NULL; }
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&r->parser, &event)) { Py_DECREF(dict); return GIVE_UP; }
        if (event.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&event);
            if (WRITE_LITERAL(r, "}") < 0) { Py_DECREF(dict); return NULL; }
            return dict;
        }
        /* A key: plain text without tag or anchor, not the merge key, not given before. */
        if (event.type != YAML_SCALAR_EVENT || event.data.scalar.anchor != NULL || event.data.scalar.tag != NULL
            || (event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && equals((const char *)event.data.scalar.value, event.data.scalar.length, "<<"))) {
            yaml_event_delete(&event);
            Py_DECREF(dict);
            return GIVE_UP;
        }
        const char *text = (const char *)event.data.scalar.value;
        size_t length = event.data.scalar.length;
        PyObject *key = PyUnicode_DecodeUTF8(text, (Py_ssize_t)length, "strict");
        int failed = key == NULL || (PyDict_GET_SIZE(dict) > 0 && WRITE_LITERAL(r, ",") < 0)
                     || write_string(r, text, length) < 0 || WRITE_LITERAL(r, ":") < 0;
        yaml_event_delete(&event);
        if (failed) { Py_XDECREF(key); Py_DECREF(dict); return NULL; }
        int seen = PyDict_Contains(dict, key);
        if (seen != 0) { Py_DECREF(key); Py_DECREF(dict); return seen < 0 ? NULL : GIVE_UP; }
        if (!yaml_parser_parse(&r->parser, &event)) { Py_DECREF(key); Py_DECREF(dict); return GIVE_UP; }
        PyObject *value = parse_node(r, &event, depth);
        if (value == NULL || value == GIVE_UP) { Py_DECREF(key); Py_DECREF(dict); return value; }
        failed = PyDict_SetItem(dict, key, value);
        Py_DECREF(key);
        Py_DECREF(value);
        if (failed) { Py_DECREF(dict); return NULL; }
    }
}

/* The value that starts with ``event`` (which this deletes). */
static PyObject *parse_node(Reader *r, yaml_event_t *event, int depth) {
    PyObject *result = GIVE_UP;
    switch (event->type) {
    case YAML_SCALAR_EVENT:
        if (event->data.scalar.anchor == NULL && event->data.scalar.tag == NULL) {
            const char *value = (const char *)event->data.scalar.value;
            size_t length = event->data.scalar.length;
            result = event->data.scalar.plain_implicit ? plain_scalar(value, length)
                                                      : PyUnicode_DecodeUTF8(value, (Py_ssize_t)length, "strict");
            if (result != NULL && write_scalar(r, result, value, length) < 0) Py_CLEAR(result);
        }
        yaml_event_delete(event);
        return result;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int sequence = event->type == YAML_SEQUENCE_START_EVENT;
        int plain = sequence ? (event->data.sequence_start.anchor == NULL && event->data.sequence_start.tag == NULL)
                             : (event->data.mapping_start.anchor == NULL && event->data.mapping_start.tag == NULL);
        yaml_event_delete(event);
        if (!plain || depth >= MAX_DEPTH) return GIVE_UP;
        return sequence ? parse_sequence(r, depth + 1) : parse_mapping(r, depth + 1);
    }
    default: /* an alias */
        yaml_event_delete(event);
        return GIVE_UP;
    }
}

/* Whether the next event is of this type (it is read and deleted). */
static int next_is(Reader *r, yaml_event_type_t type) {
    yaml_event_t event;
    if (!yaml_parser_parse(&r->parser, &event)) return 0;
    int found = event.type == type;
    yaml_event_delete(&event);
    return found;
}

/* The stream's one document, or None for an empty stream. */
static PyObject *parse_stream(Reader *r) {
    yaml_event_t event;
    if (!yaml_parser_parse(&r->parser, &event)) return GIVE_UP;
    int started = event.type == YAML_STREAM_START_EVENT;
    yaml_event_delete(&event);
    if (!started || !yaml_parser_parse(&r->parser, &event)) return GIVE_UP;
    if (event.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&event);
        if (WRITE_LITERAL(r, "null") < 0) return NULL;
        Py_RETURN_NONE;
    }
    int document = event.type == YAML_DOCUMENT_START_EVENT;
    yaml_event_delete(&event);
    if (!document || !yaml_parser_parse(&r->parser, &event)) return GIVE_UP;
    PyObject *data = parse_node(r, &event, 0);
    if (data == NULL || data == GIVE_UP) return data;
    /* The document ends, and so does the stream: a second document is the loader's to report. */
    int ok = next_is(r, YAML_DOCUMENT_END_EVENT) && next_is(r, YAML_STREAM_END_EVENT);
    if (!ok) { Py_DECREF(data); return GIVE_UP; }
    return data;
}

static PyObject *load(PyObject *module, PyObject *arg) {
    (void)module;
    Py_buffer text;
    if (PyObject_GetBuffer(arg, &text, PyBUF_SIMPLE) < 0) return NULL;
    Reader r = {.json = NULL, .length = 0, .capacity = 0};
    if (!yaml_parser_initialize(&r.parser)) {
        PyBuffer_Release(&text);
        return PyErr_NoMemory();
    }
    yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text.buf, (size_t)text.len);
    PyObject *data = parse_stream(&r);
    yaml_parser_delete(&r.parser);
    PyBuffer_Release(&text);
    PyObject *result = NULL;
    if (data == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_MemoryError)) {
            /* A value Python refuses (an integer of more than 4,300 digits, text with a lone
               surrogate): the loader's to report. */
            PyErr_Clear();
            result = Py_NewRef(Py_None);
        }
    } else if (data == GIVE_UP) {
        result = Py_NewRef(Py_None);
    } else {
        PyObject *json = PyUnicode_DecodeUTF8(r.json, (Py_ssize_t)r.length, "strict");
        result = json == NULL ? NULL : PyTuple_Pack(2, data, json);
        Py_XDECREF(json);
        Py_DECREF(data);
    }
    PyMem_Free(r.json);
    return result;
}

static PyMethodDef methods[] = {
    {"load", load, METH_O, "load(text: bytes) -> (data, its JSON text) for a plain YAML file, or None: read it with the full loader."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "bimtek._fastyaml",
    "libyaml's events straight to Python data, for plain lesson files (None: use the full loader).",
    -1, methods, NULL, NULL, NULL, NULL,
};

/* What bimtek/yamlfile.py expects of load(); a module built from an older source is not used. */
#define API_VERSION 2

PyMODINIT_FUNC PyInit__fastyaml(void) {
    PyObject *created = PyModule_Create(&module);
    if (created != NULL && PyModule_AddIntConstant(created, "API_VERSION", API_VERSION) < 0) Py_CLEAR(created);
    return created;
}
