/* The per-word loops of mtcheck/text/words.py, mtcheck/checks/untranslated.py,
 * mtcheck/checks/transliterated.py, mtcheck/checks/typography.py, mtcheck/checks/casing.py
 * and mtcheck/text/scan.py, and the pattern rules' prefilters of mtcheck/engine/kinds.py and
 * mtcheck/engine/match_starts.py, in C, for the optional native build (scripts/build_native.py).
 * The Python functions they stand in for stay the reference: each is named below,
 * tests/test_native_words.py compiles this file and holds the two to the same results, and a
 * checkout without the build runs the Python.
 *
 * Why C: a 190 KB article has some 35,000 words. In Python each is several steps of the
 * interpreter and a few temporary objects (column lists, a one-letter string, a lowered copy
 * even when there is nothing to lower); here each word is one pass over its characters. The
 * prefilters search the whole text for each of many strings, which for a text stored two bytes
 * a character (one curly quote is enough) costs some 0.1 ms per string; here one pass finds
 * them all. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Append a new reference to a list and let it go: -1 when it is NULL (an error set) or the
 * append fails. */
static int
append_stolen(PyObject *list, PyObject *item)
{
    if (!item)
        return -1;
    int failed = PyList_Append(list, item);
    Py_DECREF(item);
    return failed;
}

/* words._latin_split: the starts, ends and texts of the runs of Latin word characters (each
 * character of Latin-1 whose byte `word_bytes` keeps, and Latin Extended-A and B), and where
 * the characters beyond Latin are (above U+00FF and not Latin Extended, General Punctuation or
 * U+E000). None when more than len(text) // share characters are beyond Latin-1 or "?" (the
 * Python counts them in one, and reads a text with many another way). */
static PyObject *
latin_split(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3 || !PyBytes_Check(args[0]) || PyBytes_GET_SIZE(args[0]) != 256 || !PyLong_Check(args[1])
        || !PyUnicode_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "latin_split(word_bytes: bytes of 256, share: int, text: str)");
        return NULL;
    }
    const unsigned char *word_bytes = (const unsigned char *)PyBytes_AS_STRING(args[0]);
    Py_ssize_t share = PyLong_AsSsize_t(args[1]);
    if (share <= 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "share must be positive");
        return NULL;
    }
    PyObject *text = args[2];
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);

    Py_ssize_t marks = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        marks += c > 0xFF || c == '?';
    }
    if (marks > length / share)
        Py_RETURN_NONE;

    PyObject *starts = PyList_New(0), *ends = PyList_New(0), *texts = PyList_New(0), *beyond = PyList_New(0);
    if (!starts || !ends || !texts || !beyond)
        goto error;
    Py_ssize_t i = 0;
    while (i < length) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x100 ? word_bytes[c] == ' ' : c >= 0x250) {
            if (c > 0xFF && !(c >= 0x2000 && c <= 0x206F) && c != 0xE000) {
                if (append_stolen(beyond, PyLong_FromSsize_t(i)) < 0)
                    goto error;
            }
            i++;
            continue;
        }
        Py_ssize_t start = i;
        for (i++; i < length; i++) {
            c = PyUnicode_READ(kind, data, i);
            if (c < 0x100 ? word_bytes[c] == ' ' : c >= 0x250)
                break;
        }
        PyObject *first = PyLong_FromSsize_t(start), *last = PyLong_FromSsize_t(i);
        PyObject *word = PyUnicode_Substring(text, start, i);
        int failed = !first || !last || !word || PyList_Append(starts, first) < 0 || PyList_Append(ends, last) < 0
                     || PyList_Append(texts, word) < 0;
        Py_XDECREF(first);
        Py_XDECREF(last);
        Py_XDECREF(word);
        if (failed)
            goto error;
    }
    return Py_BuildValue("(NNNN)", starts, ends, texts, beyond);

error:
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(texts);
    Py_XDECREF(beyond);
    return NULL;
}

static PyObject *lower_name; /* "lower", interned at import */

/* str.lower(word): an ASCII word without a capital is its own lowercase (the same string, not
 * a copy); an ASCII word is lowered here; any other asks str.lower (full case mapping). */
static PyObject *
lowered(PyObject *word)
{
    if (!PyUnicode_IS_ASCII(word))
        return PyObject_CallMethodNoArgs(word, lower_name);
    const Py_UCS1 *letters = PyUnicode_1BYTE_DATA(word);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(word);
    Py_ssize_t first = 0;
    while (first < length && !(letters[first] >= 'A' && letters[first] <= 'Z'))
        first++;
    if (first == length)
        return Py_NewRef(word);
    PyObject *result = PyUnicode_New(length, 127);
    if (!result)
        return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(result);
    memcpy(out, letters, first);
    for (Py_ssize_t i = first; i < length; i++)
        out[i] = letters[i] >= 'A' && letters[i] <= 'Z' ? letters[i] + 32 : letters[i];
    return result;
}

/* words._built: the Words (word_type, a named tuple of six) of these columns: start, end, text,
 * initial, whether the text's first character is a capital (str.isupper), the text lowered. */
static PyObject *
built(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5 || !PyType_Check(args[0]) || !PyType_IsSubtype((PyTypeObject *)args[0], &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "built(word_type, starts, ends, texts, initial)");
        return NULL;
    }
    PyTypeObject *word_type = (PyTypeObject *)args[0];
    for (int column = 1; column < 5; column++) {
        if (!PyList_Check(args[column])) {
            PyErr_SetString(PyExc_TypeError, "built: the columns are lists");
            return NULL;
        }
    }
    PyObject *starts = args[1], *ends = args[2], *texts = args[3], *initial = args[4];
    const Py_ssize_t count = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(starts) < count || PyList_GET_SIZE(ends) < count || PyList_GET_SIZE(initial) < count) {
        PyErr_SetString(PyExc_ValueError, "built: a column is shorter than the texts");
        return NULL;
    }
    PyObject *words = PyList_New(count);
    if (!words)
        return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text) || PyUnicode_GET_LENGTH(text) == 0) {
            PyErr_SetString(PyExc_ValueError, "built: each text is a non-empty str");
            Py_DECREF(words);
            return NULL;
        }
        PyObject *lower = lowered(text);
        if (!lower) {
            Py_DECREF(words);
            return NULL;
        }
        PyObject *word = word_type->tp_alloc(word_type, 6);
        if (!word) {
            Py_DECREF(lower);
            Py_DECREF(words);
            return NULL;
        }
        PyTuple_SET_ITEM(word, 0, Py_NewRef(PyList_GET_ITEM(starts, i)));
        PyTuple_SET_ITEM(word, 1, Py_NewRef(PyList_GET_ITEM(ends, i)));
        PyTuple_SET_ITEM(word, 2, Py_NewRef(text));
        PyTuple_SET_ITEM(word, 3, Py_NewRef(PyList_GET_ITEM(initial, i)));
        PyTuple_SET_ITEM(word, 4, PyBool_FromLong(Py_UNICODE_ISUPPER(PyUnicode_READ_CHAR(text, 0))));
        PyTuple_SET_ITEM(word, 5, lower);
        PyList_SET_ITEM(words, i, word);
    }
    return words;
}

/* str.isalpha */
static int
is_alpha(PyObject *text)
{
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (length == 0)
        return 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        if (!Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i)))
            return 0;
    }
    return 1;
}

/* untranslated.probe: the lowered words a language identifier may see of a sentence: of more
 * than one character, all letters, and either initial or not capitalised. */
static PyObject *
probe(PyObject *module, PyObject *words)
{
    (void)module;
    if (!PyList_Check(words)) {
        PyErr_SetString(PyExc_TypeError, "probe: a list of Words");
        return NULL;
    }
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(words); i++) {
        PyObject *word = PyList_GET_ITEM(words, i);
        if (!PyTuple_Check(word) || PyTuple_GET_SIZE(word) != 6 || !PyUnicode_Check(PyTuple_GET_ITEM(word, 2))) {
            PyErr_SetString(PyExc_TypeError, "probe: a list of Words");
            Py_DECREF(found);
            return NULL;
        }
        PyObject *text = PyTuple_GET_ITEM(word, 2);
        if (PyUnicode_GET_LENGTH(text) < 2 || !is_alpha(text))
            continue;
        int initial = PyObject_IsTrue(PyTuple_GET_ITEM(word, 3));
        int capitalised = initial ? 0 : PyObject_IsTrue(PyTuple_GET_ITEM(word, 4));
        if (initial < 0 || capitalised < 0) {
            Py_DECREF(found);
            return NULL;
        }
        if ((initial || !capitalised) && PyList_Append(found, PyTuple_GET_ITEM(word, 5)) < 0) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}

/* typography._DOUBLED_ASCII_BYTES.finditer(padded), as (start, end) spans: in the document's
 * ASCII words (habits.ascii_word_bytes, padded with a space at each end), a space, a word of
 * a-z, one or more spaces and the same word, followed by a space. The regex tried a lookahead
 * at every space of the article; this reads each byte once or twice. */
static PyObject *
doubled_ascii(PyObject *module, PyObject *padded)
{
    (void)module;
    if (!PyBytes_Check(padded)) {
        PyErr_SetString(PyExc_TypeError, "doubled_ascii(padded: bytes)");
        return NULL;
    }
    const unsigned char *bytes = (const unsigned char *)PyBytes_AS_STRING(padded);
    const Py_ssize_t length = PyBytes_GET_SIZE(padded);
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    Py_ssize_t at = 0;
    while (at + 1 < length) {
        if (bytes[at] != ' ' || bytes[at + 1] < 'a' || bytes[at + 1] > 'z') {
            at++;
            continue;
        }
        Py_ssize_t word_end = at + 1; /* the word: every a-z after the space (the lookahead is atomic) */
        while (word_end < length && bytes[word_end] >= 'a' && bytes[word_end] <= 'z')
            word_end++;
        const Py_ssize_t size = word_end - at - 1;
        Py_ssize_t again = word_end;
        while (again < length && bytes[again] == ' ')
            again++;
        if (again == word_end || again + size >= length || bytes[again + size] != ' '
            || memcmp(bytes + at + 1, bytes + again, (size_t)size) != 0) {
            at = word_end; /* no space before it: the next candidate is at or after the word's end */
            continue;
        }
        if (append_stolen(found, Py_BuildValue("(nn)", at, again + size)) < 0) {
            Py_DECREF(found);
            return NULL;
        }
        at = again + size; /* finditer goes on where the match ends: the space after the copy */
    }
    return found;
}

/* degeneration._may_loop's test in the native build: for some n from 1 to max_n, do as many
 * words in a row equal the word n on as a loop of n words needs (3 for one word, 4 for two, n
 * for more)? Each word's hash is read once; a pair of words is compared only when their hashes
 * are equal. (tests/test_native_words.py holds it to the same test written in Python.) */
static PyObject *
repeats_in_a_row(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyList_Check(args[0]) || !PyLong_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "repeats_in_a_row(lowered: list[str], max_n: int)");
        return NULL;
    }
    PyObject *lowered = args[0];
    const Py_ssize_t max_n = PyLong_AsSsize_t(args[1]);
    if (max_n == -1 && PyErr_Occurred())
        return NULL;
    const Py_ssize_t count = PyList_GET_SIZE(lowered);
    if (max_n < 1 || count < 2)
        Py_RETURN_FALSE;
    Py_hash_t *hashes = PyMem_Malloc((size_t)count * sizeof(Py_hash_t));
    if (!hashes)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *word = PyList_GET_ITEM(lowered, i);
        if (!PyUnicode_CheckExact(word)) { /* (no subclass: hashing and comparing run no Python code) */
            PyMem_Free(hashes);
            PyErr_SetString(PyExc_TypeError, "repeats_in_a_row: a list of str");
            return NULL;
        }
        hashes[i] = PyObject_Hash(word);
        if (hashes[i] == -1) {
            PyMem_Free(hashes);
            return NULL;
        }
    }
    int found = 0;
    for (Py_ssize_t n = 1; n <= max_n && n < count && !found; n++) {
        const Py_ssize_t needed = n == 1 ? 3 : n == 2 ? 4 : n;
        Py_ssize_t run = 0;
        for (Py_ssize_t i = 0; i + n < count; i++) {
            int equal = 0;
            if (hashes[i] == hashes[i + n]) {
                equal = PyObject_RichCompareBool(PyList_GET_ITEM(lowered, i), PyList_GET_ITEM(lowered, i + n), Py_EQ);
                if (equal < 0) {
                    PyMem_Free(hashes);
                    return NULL;
                }
            }
            run = equal ? run + 1 : 0;
            if (run >= needed) {
                found = 1;
                break;
            }
        }
    }
    PyMem_Free(hashes);
    return PyBool_FromLong(found);
}

/* untranslated._sums_of: for each list of words, the sum of weights[word] over its words
 * (a KeyError for a word weights lacks, as weights[word] raises), as
 * sum(map(weights.__getitem__, words)): in a C long long while the sum fits, else by Python's
 * addition from there on (the same value either way). */
static PyObject *
sums_of(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyDict_CheckExact(args[0]) || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "sums_of(weights: dict, lists: list[list])");
        return NULL;
    }
    PyObject *weights = args[0], *lists = args[1];
    const Py_ssize_t count = PyList_GET_SIZE(lists);
    PyObject *sums = PyList_New(count);
    if (!sums)
        return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *words = PyList_GET_ITEM(lists, i);
        if (!PyList_Check(words)) {
            PyErr_SetString(PyExc_TypeError, "sums_of: each item of lists is a list");
            goto error;
        }
        long long total = 0;
        PyObject *large = NULL; /* the sum so far as a Python object, once a C long long will not do */
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(words); j++) {
            PyObject *word = PyList_GET_ITEM(words, j);
            PyObject *weight = PyDict_GetItemWithError(weights, word); /* borrowed */
            if (!weight) {
                if (!PyErr_Occurred())
                    PyErr_SetObject(PyExc_KeyError, word);
                Py_XDECREF(large);
                goto error;
            }
            if (!large) {
                int overflow = 1;
                long long value = PyLong_CheckExact(weight) ? PyLong_AsLongLongAndOverflow(weight, &overflow) : 0;
                if (!overflow && !(value > 0 && total > LLONG_MAX - value)
                    && !(value < 0 && total < LLONG_MIN - value)) {
                    total += value;
                    continue;
                }
                large = PyLong_FromLongLong(total);
                if (!large)
                    goto error;
            }
            PyObject *sum = PyNumber_Add(large, weight);
            Py_DECREF(large);
            large = sum;
            if (!large)
                goto error;
        }
        PyObject *value = large ? large : PyLong_FromLongLong(total);
        if (!value)
            goto error;
        PyList_SET_ITEM(sums, i, value);
    }
    return sums;
error:
    Py_DECREF(sums);
    return NULL;
}

/* transliterated._indexes_in: the indexes of the items (a list) that are in keys (a dict or a
 * set), in order, as list(compress(count(), map(keys.__contains__, items))). */
static PyObject *
indexes_in(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !(PyDict_CheckExact(args[0]) || PyAnySet_CheckExact(args[0])) || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "indexes_in(keys: dict | set | frozenset, items: list)");
        return NULL;
    }
    PyObject *keys = args[0], *items = args[1];
    const int is_dict = PyDict_CheckExact(keys);
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
        PyObject *item = PyList_GET_ITEM(items, i);
        int in = is_dict ? PyDict_Contains(keys, item) : PySet_Contains(keys, item);
        if (in < 0)
            goto error;
        if (in && append_stolen(found, PyLong_FromSsize_t(i)) < 0)
            goto error;
    }
    return found;
error:
    Py_DECREF(found);
    return NULL;
}

/* A Word's integer field (start 0, end 1); -1 with an error set when it is none. */
static Py_ssize_t
word_offset(PyObject *word, Py_ssize_t field)
{
    PyObject *value = PyTuple_GET_ITEM(word, field);
    if (!PyLong_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "a Word's start and end are ints");
        return -1;
    }
    return PyLong_AsSsize_t(value);
}

/* words._capitalised_runs: the first and last index of each run of capitalised Words (field
 * 4 true) one space apart (checked[previous.end:next.start] == " "), as a list of pairs. */
static PyObject *
capitalised_runs(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyList_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "capitalised_runs(checked: str, words: list[Word])");
        return NULL;
    }
    PyObject *checked = args[0], *words = args[1];
    const Py_ssize_t length = PyUnicode_GET_LENGTH(checked);
    PyObject *runs = PyList_New(0);
    if (!runs)
        return NULL;
    Py_ssize_t first = -2, last = -2, last_end = 0;
    for (Py_ssize_t index = 0; index < PyList_GET_SIZE(words); index++) {
        PyObject *word = PyList_GET_ITEM(words, index);
        if (!PyTuple_Check(word) || PyTuple_GET_SIZE(word) < 5) {
            PyErr_SetString(PyExc_TypeError, "capitalised_runs: words are Words");
            goto error;
        }
        int capitalised = PyObject_IsTrue(PyTuple_GET_ITEM(word, 4));
        if (capitalised < 0)
            goto error;
        if (!capitalised)
            continue;
        Py_ssize_t start = word_offset(word, 0);
        if (start == -1 && PyErr_Occurred())
            goto error;
        /* checked[last_end:start] == " " (Python's slice: offsets never negative here) */
        int one_space = index == last + 1 && start == last_end + 1 && last_end >= 0 && last_end < length
                        && PyUnicode_READ_CHAR(checked, last_end) == ' ';
        if (!one_space) {
            if (last >= 0 && append_stolen(runs, Py_BuildValue("(nn)", first, last)) < 0)
                goto error;
            first = index;
        }
        last = index;
        last_end = word_offset(word, 1);
        if (last_end == -1 && PyErr_Occurred())
            goto error;
    }
    if (last >= 0 && append_stolen(runs, Py_BuildValue("(nn)", first, last)) < 0)
        goto error;
    return runs;
error:
    Py_DECREF(runs);
    return NULL;
}

/* casing._sentence_texts: field `field` of each tuple of each list, as
 * [list(map(itemgetter(field), items)) for items in lists] (an IndexError for a tuple too short). */
static PyObject *
fields_of(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyList_Check(args[0]) || !PyLong_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "fields_of(lists: list[list[tuple]], field: int)");
        return NULL;
    }
    PyObject *lists = args[0];
    const Py_ssize_t field = PyLong_AsSsize_t(args[1]);
    if (field < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "fields_of: field is not negative");
        return NULL;
    }
    const Py_ssize_t count = PyList_GET_SIZE(lists);
    PyObject *columns = PyList_New(count);
    if (!columns)
        return NULL;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *items = PyList_GET_ITEM(lists, i);
        if (!PyList_Check(items)) {
            PyErr_SetString(PyExc_TypeError, "fields_of: each item of lists is a list");
            goto error;
        }
        const Py_ssize_t size = PyList_GET_SIZE(items);
        PyObject *column = PyList_New(size);
        if (!column)
            goto error;
        PyList_SET_ITEM(columns, i, column);
        for (Py_ssize_t j = 0; j < size; j++) {
            PyObject *item = PyList_GET_ITEM(items, j);
            if (!PyTuple_Check(item)) {
                PyErr_SetString(PyExc_TypeError, "fields_of: the lists hold tuples");
                goto error;
            }
            if (field >= PyTuple_GET_SIZE(item)) {
                PyErr_SetString(PyExc_IndexError, "tuple index out of range");
                goto error;
            }
            PyObject *value = PyTuple_GET_ITEM(item, field);
            Py_INCREF(value);
            PyList_SET_ITEM(column, j, value);
        }
    }
    return columns;
error:
    Py_DECREF(columns);
    return NULL;
}

/* scan.outside_ascii: the text's characters outside ASCII, in order (lone surrogates too, as
 * the Python's round trip through UTF-8 with "surrogatepass" keeps them). */
static PyObject *
outside_ascii(PyObject *module, PyObject *text)
{
    (void)module;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "outside_ascii(text: str)");
        return NULL;
    }
    if (PyUnicode_IS_ASCII(text))
        return PyUnicode_New(0, 0);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t count = 0;
    Py_UCS4 widest = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c > 0x7F) {
            count++;
            if (c > widest)
                widest = c;
        }
    }
    PyObject *outside = PyUnicode_New(count, widest);
    if (!outside)
        return NULL;
    const int out_kind = PyUnicode_KIND(outside);
    void *out = PyUnicode_DATA(outside);
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c > 0x7F)
            PyUnicode_WRITE(out_kind, out, at++, c);
    }
    return outside;
}

/* scan.lowered: str.lower() of a text; beyond ASCII, one pass of C with each character's
 * simple lowercase mapping, which is str.lower()'s for every character but two: İ (U+0130, lowered to two
 * characters) and Σ (U+03A3, lowered by its place in the word); a text with either is lowered
 * by str.lower() itself. (tests/test_native_words.py compares the two on every code point.) */
static PyObject *
lowered_text(PyObject *module, PyObject *text)
{
    (void)module;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "lowered(text: str)");
        return NULL;
    }
    if (PyUnicode_IS_ASCII(text))
        return lowered(text); /* (the words' own: the text itself when it has no capital) */
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_UCS4 widest = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x80) {
            if (c > widest)
                widest = c;
            continue;
        }
        if (c == 0x130 || c == 0x3A3)
            return PyObject_CallMethod(text, "lower", NULL);
        Py_UCS4 lower = Py_UNICODE_TOLOWER(c);
        if (lower > widest)
            widest = lower;
    }
    PyObject *result = PyUnicode_New(length, widest);
    if (!result)
        return NULL;
    const int out_kind = PyUnicode_KIND(result);
    void *out = PyUnicode_DATA(result);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        PyUnicode_WRITE(out_kind, out, i, c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : Py_UNICODE_TOLOWER(c));
    }
    return result;
}

/* Strings looked for in one pass over a text (kinds.spans_holding, MatchStarts.positions): at
 * each place, the pair of characters it starts (their low bytes) is tested in a bitmap of the
 * pairs the strings start with (a string of one character: every pair it starts), and only the
 * places that pass compare the strings of that pair or first character. */
#define MOST_NEEDLES 64

typedef struct {
    Py_UCS4 *chars[MOST_NEEDLES];
    Py_ssize_t lengths[MOST_NEEDLES];
    Py_ssize_t count;
    unsigned char pairs[8192];             /* bit (c & 0xFF) << 8 | (d & 0xFF): a string may start with c, d */
    signed char pair_first[65536];         /* the first string of two or more characters starting with that pair */
    signed char single_first[256];         /* the first string of one character with that low byte */
    signed char next_needle[MOST_NEEDLES]; /* the next string of the same pair or low byte */
} Needles;

static void
needles_free(Needles *needles)
{
    for (Py_ssize_t j = 0; j < needles->count; j++)
        PyMem_Free(needles->chars[j]);
    PyMem_Free(needles);
}

/* The table of `given` (a tuple of non-empty str, at most MOST_NEEDLES), or NULL with an error set */
static Needles *
needles_of(PyObject *given, const char *function)
{
    if (PyTuple_GET_SIZE(given) > MOST_NEEDLES) {
        PyErr_Format(PyExc_ValueError, "%s: too many strings", function);
        return NULL;
    }
    Needles *needles = PyMem_Calloc(1, sizeof(Needles));
    if (!needles) {
        PyErr_NoMemory();
        return NULL;
    }
    memset(needles->pair_first, -1, sizeof(needles->pair_first));
    memset(needles->single_first, -1, sizeof(needles->single_first));
    for (Py_ssize_t j = PyTuple_GET_SIZE(given) - 1; j >= 0; j--) { /* (chained last first: found in order) */
        PyObject *needle = PyTuple_GET_ITEM(given, j);
        if (!PyUnicode_Check(needle) || PyUnicode_GET_LENGTH(needle) == 0) {
            PyErr_Format(PyExc_ValueError, "%s: each string is a non-empty str", function);
            goto error;
        }
        Py_UCS4 *chars = PyUnicode_AsUCS4Copy(needle);
        if (!chars)
            goto error;
        const int n = (int)needles->count++;
        needles->chars[n] = chars;
        needles->lengths[n] = PyUnicode_GET_LENGTH(needle);
        const unsigned first = chars[0] & 0xFF;
        if (needles->lengths[n] == 1) {
            needles->next_needle[n] = needles->single_first[first];
            needles->single_first[first] = (signed char)n;
            for (unsigned second = 0; second < 256; second++) {
                unsigned pair = first << 8 | second;
                needles->pairs[pair >> 3] |= 1 << (pair & 7);
            }
        } else {
            const unsigned pair = first << 8 | (chars[1] & 0xFF);
            needles->next_needle[n] = needles->pair_first[pair];
            needles->pair_first[pair] = (signed char)n;
            needles->pairs[pair >> 3] |= 1 << (pair & 7);
        }
    }
    return needles;
error:
    needles_free(needles);
    return NULL;
}

static int
pair_may_start(const Needles *needles, unsigned pair)
{
    return needles->pairs[pair >> 3] & (1 << (pair & 7));
}

static int
needle_at(const Needles *needles, Py_ssize_t j, int kind, const void *data, Py_ssize_t length, Py_ssize_t at)
{
    const Py_ssize_t size = needles->lengths[j];
    if (at + size > length)
        return 0;
    const Py_UCS4 *chars = needles->chars[j];
    for (Py_ssize_t k = 0; k < size; k++)
        if (PyUnicode_READ(kind, data, at + k) != chars[k])
            return 0;
    return 1;
}

/* The length of the shortest string that starts at `at` (whose pair, as the bitmap reads it,
 * is `pair`), or 0 */
static Py_ssize_t
shortest_needle_at(const Needles *needles, int kind, const void *data, Py_ssize_t length, Py_ssize_t at,
                   unsigned pair)
{
    for (int j = needles->single_first[pair >> 8]; j >= 0; j = needles->next_needle[j])
        if (needle_at(needles, j, kind, data, length, at))
            return 1;
    Py_ssize_t shortest = 0;
    for (int j = needles->pair_first[pair]; j >= 0; j = needles->next_needle[j])
        if ((!shortest || needles->lengths[j] < shortest) && needle_at(needles, j, kind, data, length, at))
            shortest = needles->lengths[j];
    return shortest;
}

/* kinds.spans_holding: the spans (in order, disjoint) whose text holds one of the needles
 * (non-empty strings), found in one pass over the text instead of a search of the whole text
 * for each needle. A span that holds one is skipped to its end. */
typedef struct {
    const Needles *needles;
    int kind;
    const void *data;
    Py_ssize_t length, span_count, span; /* span: the last span starting at or before the place */
    Py_ssize_t *starts, *ends;
    PyObject *spans, *held;
} Holding;

/* A place whose pair passed the bitmap: where to look next (the place after it, or the end of
 * the span it starts a needle in, which is held), or -1 on an error. */
static Py_ssize_t
place(Holding *h, Py_ssize_t at, unsigned pair)
{
    const Py_ssize_t shortest = shortest_needle_at(h->needles, h->kind, h->data, h->length, at, pair);
    if (!shortest)
        return at + 1;
    while (h->span + 1 < h->span_count && h->starts[h->span + 1] <= at)
        h->span++;
    if (h->span < 0 || at + shortest > h->ends[h->span])
        return at + 1; /* between spans, or across a span's end */
    if (PyList_Append(h->held, PyList_GET_ITEM(h->spans, h->span)) < 0)
        return -1;
    Py_ssize_t end = h->ends[h->span];
    return end > at + 1 ? end : at + 1;
}

/* The pass, for text of one width of character (`pair` at the last place: its low byte, then 0) */
#define SCAN(TYPE)                                                                                  \
    {                                                                                               \
        const TYPE *chars = (const TYPE *)h->data;                                                  \
        Py_ssize_t at = 0;                                                                          \
        while (at < h->length) {                                                                    \
            unsigned pair = (unsigned)(chars[at] & 0xFF) << 8                                       \
                            | (at + 1 < h->length ? (unsigned)(chars[at + 1] & 0xFF) : 0);          \
            if (!pair_may_start(h->needles, pair)) {                                                \
                at++;                                                                               \
                continue;                                                                           \
            }                                                                                       \
            at = place(h, at, pair);                                                                \
            if (at < 0)                                                                             \
                return -1;                                                                          \
        }                                                                                           \
        return 0;                                                                                   \
    }

static int
scan_holding(Holding *h)
{
    if (h->kind == PyUnicode_1BYTE_KIND)
        SCAN(Py_UCS1)
    if (h->kind == PyUnicode_2BYTE_KIND)
        SCAN(Py_UCS2)
    SCAN(Py_UCS4)
}

static PyObject *
spans_holding(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyList_Check(args[1]) || !PyTuple_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "spans_holding(text: str, spans: list[tuple[int, int]], needles: tuple[str, ...])");
        return NULL;
    }
    PyObject *text = args[0], *spans = args[1];
    Needles *needles = needles_of(args[2], "spans_holding");
    if (!needles)
        return NULL;
    Holding h = {needles, PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text),
                 PyList_GET_SIZE(spans), -1, NULL, NULL, spans, NULL};
    h.starts = PyMem_Malloc(sizeof(Py_ssize_t) * (h.span_count ? h.span_count : 1));
    h.ends = PyMem_Malloc(sizeof(Py_ssize_t) * (h.span_count ? h.span_count : 1));
    if (!h.starts || !h.ends) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < h.span_count; k++) {
        PyObject *span = PyList_GET_ITEM(spans, k);
        if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 2) {
            PyErr_SetString(PyExc_TypeError, "spans_holding: each span is a (start, end) tuple");
            goto done;
        }
        h.starts[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
        h.ends[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
        if ((h.starts[k] == -1 || h.ends[k] == -1) && PyErr_Occurred())
            goto done;
    }
    h.held = PyList_New(0);
    if (h.held && h.span_count && scan_holding(&h) < 0)
        Py_CLEAR(h.held);
done:
    needles_free(needles);
    PyMem_Free(h.starts);
    PyMem_Free(h.ends);
    return h.held;
}

/* match_starts.MatchStarts.positions, for a text whose digits are all ASCII: in order, each
 * place where one of `strings` (at most MOST_NEEDLES) starts, where one of `marks` stands
 * followed by a character not in `never_after`, or (ascii_digit_runs) where a run of ASCII
 * digits starts. One pass over the text, each character's low byte looked up in a table of what
 * may start there (Python: a search of the whole text for each string, mark and digit, or a
 * split at each mark). */
#define MAY_START_STRING 1
#define MAY_BE_MARK 2
#define MAY_BE_DIGIT 4

static int
in_str(PyObject *chars, Py_UCS4 c)
{
    return PyUnicode_FindChar(chars, c, 0, PyUnicode_GET_LENGTH(chars), 1) >= 0;
}

typedef struct {
    PyObject *marks, *never_after;
    const Needles *strings;
    int kind;
    const void *data;
    Py_ssize_t length;
    PyObject *found;
} Starts;

/* A place whose character's low byte may start a match (`what`): 0, or -1 on an error */
static int
start_candidate(Starts *st, Py_ssize_t at, unsigned char what)
{
    const int kind = st->kind;
    const void *data = st->data;
    const Py_UCS4 c = PyUnicode_READ(kind, data, at);
    const Py_UCS4 after = at + 1 < st->length ? PyUnicode_READ(kind, data, at + 1) : 0;
    int starts = 0;
    if (what & MAY_BE_DIGIT && c >= '0' && c <= '9') {
        const Py_UCS4 before = at ? PyUnicode_READ(kind, data, at - 1) : 0;
        starts = before < '0' || before > '9';
    }
    if (!starts && what & MAY_BE_MARK && at + 1 < st->length && in_str(st->marks, c))
        starts = !in_str(st->never_after, after);
    const unsigned pair = (c & 0xFF) << 8 | (after & 0xFF);
    if (!starts && what & MAY_START_STRING && pair_may_start(st->strings, pair))
        starts = shortest_needle_at(st->strings, kind, data, st->length, at, pair) > 0;
    return starts ? append_stolen(st->found, PyLong_FromSsize_t(at)) : 0;
}

/* The pass for text of one width of character: each place whose low byte `may` start a match */
#define NEXT_CANDIDATES(TYPE)                                                                       \
    {                                                                                               \
        const TYPE *chars = (const TYPE *)st.data;                                                  \
        failed = 0;                                                                                 \
        for (Py_ssize_t at = 0; at < st.length && !failed; at++) {                                  \
            const unsigned char what = may[chars[at] & 0xFF];                                       \
            if (what)                                                                               \
                failed = start_candidate(&st, at, what) < 0;                                        \
        }                                                                                           \
    }

static PyObject *
match_starts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5 || !PyUnicode_Check(args[0]) || !PyTuple_Check(args[1]) || !PyUnicode_Check(args[2])
        || !PyUnicode_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError,
                        "match_starts(text: str, strings: tuple[str, ...], marks: str, never_after: str, "
                        "ascii_digit_runs: bool)");
        return NULL;
    }
    PyObject *text = args[0], *strings = args[1], *marks = args[2], *never_after = args[3];
    const int digit_runs = PyObject_IsTrue(args[4]);
    if (digit_runs < 0)
        return NULL;
    Needles *needles = needles_of(strings, "match_starts");
    if (!needles)
        return NULL;
    unsigned char may[256] = {0};
    for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(strings); j++)
        may[PyUnicode_READ_CHAR(PyTuple_GET_ITEM(strings, j), 0) & 0xFF] |= MAY_START_STRING;
    for (Py_ssize_t j = 0; j < PyUnicode_GET_LENGTH(marks); j++)
        may[PyUnicode_READ_CHAR(marks, j) & 0xFF] |= MAY_BE_MARK;
    if (digit_runs)
        for (unsigned c = '0'; c <= '9'; c++)
            may[c] |= MAY_BE_DIGIT;
    Starts st = {marks, never_after, needles, PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text),
                 PyList_New(0)};
    if (st.found) {
        int failed;
        if (st.kind == PyUnicode_1BYTE_KIND)
            NEXT_CANDIDATES(Py_UCS1)
        else if (st.kind == PyUnicode_2BYTE_KIND)
            NEXT_CANDIDATES(Py_UCS2)
        else
            NEXT_CANDIDATES(Py_UCS4)
        if (failed)
            Py_CLEAR(st.found);
    }
    needles_free(needles);
    return st.found;
}

static PyMethodDef methods[] = {
    {"latin_split", (PyCFunction)(void (*)(void))latin_split, METH_FASTCALL, "words._latin_split, in C"},
    {"built", (PyCFunction)(void (*)(void))built, METH_FASTCALL, "words._built, in C"},
    {"probe", probe, METH_O, "untranslated.probe, in C"},
    {"doubled_ascii", doubled_ascii, METH_O, "typography._DOUBLED_ASCII_BYTES.finditer, in C"},
    {"repeats_in_a_row", (PyCFunction)(void (*)(void))repeats_in_a_row, METH_FASTCALL,
     "degeneration._may_loop's test of words repeated in a row"},
    {"sums_of", (PyCFunction)(void (*)(void))sums_of, METH_FASTCALL, "untranslated._sums_of, in C"},
    {"indexes_in", (PyCFunction)(void (*)(void))indexes_in, METH_FASTCALL, "transliterated._indexes_in, in C"},
    {"fields_of", (PyCFunction)(void (*)(void))fields_of, METH_FASTCALL, "casing._sentence_texts' columns, in C"},
    {"outside_ascii", outside_ascii, METH_O, "scan.outside_ascii, in C"},
    {"lowered", lowered_text, METH_O, "str.lower() of a text, in one pass of C (scan.lowered)"},
    {"spans_holding", (PyCFunction)(void (*)(void))spans_holding, METH_FASTCALL, "kinds.spans_holding, in C"},
    {"match_starts", (PyCFunction)(void (*)(void))match_starts, METH_FASTCALL, "match_starts.MatchStarts.positions, in C"},
    {"capitalised_runs", (PyCFunction)(void (*)(void))capitalised_runs, METH_FASTCALL, "words._capitalised_runs, in C"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT, "native_words", "mtcheck's per-word loops in C (the optional native build)", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit_native_words(void)
{
    lower_name = PyUnicode_InternFromString("lower");
    if (!lower_name)
        return NULL;
    return PyModule_Create(&module_definition);
}
