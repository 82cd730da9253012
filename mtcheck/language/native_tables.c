/* Read-only tables of strings packed into one bytes object (the native build's word lists).

   A word list the check reads whole at every start (the English lexicon: 27,000 words) is a
   dict of 27,000 string objects when marshal reads it back: 6 ms and 1,500 fresh pages of
   memory a run, for a document that asks about a few thousand words. Packed, it is one bytes
   object read as it is: an open-addressing hash table (each slot a key's hash and its entry's
   number), the entries (where each key's UTF-8 lies, its value's number) and the keys' bytes.
   A lookup hashes the key's UTF-8 and compares bytes; a value is an item of a tuple of the
   table's distinct values. mtcheck/language/string_tables.py keeps packed tables in the user's cache; the
   pure-Python build keeps the dict, and tests/test_native_tables.py holds the two to the
   same answers.

   A table's bytes come from pack() and are checked by their cache entry's CRC-32; StringTable
   checks their layout too (every number within its bounds, a free slot to end each probe), so
   that bytes from anywhere else can give wrong answers, never a read outside them or a
   lookup that does not end.

   Beside the tables, two loops of the language layer: the caches' CRC-32 (crc32) and the
   skeleton of a word spelled out in Latin letters (ascii_skeleton). */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static const char MAGIC[8] = {'m', 't', 's', 't', 'r', 't', 'b', '2'};
#define FORMAT 2 /* raise with the layout: the cache names its entries by it */

typedef struct {
    uint32_t hash;   /* the low bits of the key's hash: a probe passes most other keys on it alone */
    uint32_t number; /* the entry's number + 1; 0 for a free slot */
} Slot;

typedef struct {
    uint32_t offset; /* where the key's UTF-8 starts in the pool */
    uint32_t length;
    uint32_t value; /* the number of its value in the table's values */
} Entry;

typedef struct {
    char magic[8];
    uint32_t count;      /* entries */
    uint32_t slot_count; /* a power of two, above count */
    uint32_t pool_size;  /* bytes of UTF-8 */
    uint32_t reserved;
} Header;

static uint64_t
hash_bytes(const char *data, Py_ssize_t size)
{
    uint64_t hash = 14695981039346656037ULL; /* FNV-1a */
    for (Py_ssize_t i = 0; i < size; i++) {
        hash ^= (unsigned char)data[i];
        hash *= 1099511628211ULL;
    }
    return hash ^ (hash >> 29);
}

/* The key's UTF-8: 1 when it has some, 0 when it is no string or cannot be written in UTF-8
   (a lone surrogate: no packed key is one), -1 on another error. */
static int
key_bytes(PyObject *key, const char **data, Py_ssize_t *size)
{
    if (!PyUnicode_Check(key)) {
        return 0;
    }
    if (PyUnicode_IS_COMPACT_ASCII(key)) {
        *data = (const char *)PyUnicode_DATA(key);
        *size = PyUnicode_GET_LENGTH(key);
        return 1;
    }
    *data = PyUnicode_AsUTF8AndSize(key, size);
    if (*data == NULL) {
        if (PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
            PyErr_Clear();
            return 0;
        }
        return -1;
    }
    return 1;
}

typedef struct {
    PyObject_HEAD
    PyObject *packed; /* the bytes */
    PyObject *values; /* a tuple */
    const Slot *slots;
    const Entry *entries;
    const char *pool;
    uint32_t count;
    uint32_t mask;
} StringTable;

static PyTypeObject StringTableType;

/* The entry of the key, -1 if none; -2 on an error. */
static Py_ssize_t
find(StringTable *self, PyObject *key)
{
    const char *data;
    Py_ssize_t size;
    int ok = key_bytes(key, &data, &size);
    if (ok <= 0) {
        return ok == 0 ? -1 : -2;
    }
    uint64_t hash = hash_bytes(data, size);
    uint32_t low = (uint32_t)hash;
    size_t slot = (size_t)(hash >> 32) & self->mask;
    for (;;) {
        const Slot *at = &self->slots[slot];
        if (at->number == 0) {
            return -1;
        }
        if (at->hash == low) {
            const Entry *entry = &self->entries[at->number - 1];
            if (entry->length == (uint64_t)size && memcmp(self->pool + entry->offset, data, (size_t)size) == 0) {
                return at->number - 1;
            }
        }
        slot = (slot + 1) & self->mask;
    }
}

static PyObject *
StringTable_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *packed, *values;
    static char *keywords[] = {"packed", "values", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!:StringTable", keywords, &PyBytes_Type, &packed,
                                     &PyTuple_Type, &values)) {
        return NULL;
    }
    const char *bytes = PyBytes_AS_STRING(packed);
    Py_ssize_t size = PyBytes_GET_SIZE(packed);
    Header header;
    if (size < (Py_ssize_t)sizeof header) {
        goto bad;
    }
    memcpy(&header, bytes, sizeof header);
    uint64_t slots_size = (uint64_t)header.slot_count * sizeof(Slot);
    uint64_t entries_size = (uint64_t)header.count * sizeof(Entry);
    if (memcmp(header.magic, MAGIC, sizeof MAGIC) != 0 || header.slot_count <= header.count ||
        (header.slot_count & (header.slot_count - 1)) != 0 ||
        (uint64_t)size != sizeof header + slots_size + entries_size + header.pool_size) {
        goto bad;
    }
    const Slot *slots = (const Slot *)(bytes + sizeof header);
    const Entry *entries = (const Entry *)(bytes + sizeof header + slots_size);
    uint64_t values_count = (uint64_t)PyTuple_GET_SIZE(values);
    uint32_t free_slots = 0; /* at least one, or a probe for a missing key would not end */
    for (uint32_t i = 0; i < header.slot_count; i++) {
        if (slots[i].number > header.count) {
            goto bad;
        }
        free_slots += slots[i].number == 0;
    }
    if (free_slots == 0) {
        goto bad;
    }
    for (uint32_t i = 0; i < header.count; i++) {
        if ((uint64_t)entries[i].offset + entries[i].length > header.pool_size || entries[i].value >= values_count) {
            goto bad;
        }
    }
    StringTable *self = (StringTable *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    Py_INCREF(packed);
    Py_INCREF(values);
    self->packed = packed;
    self->values = values;
    self->slots = slots;
    self->entries = entries;
    self->pool = bytes + sizeof header + slots_size + entries_size;
    self->count = header.count;
    self->mask = header.slot_count - 1;
    return (PyObject *)self;
bad:
    PyErr_SetString(PyExc_ValueError, "not a packed string table");
    return NULL;
}

static void
StringTable_dealloc(StringTable *self)
{
    Py_XDECREF(self->packed);
    Py_XDECREF(self->values);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
StringTable_contains(StringTable *self, PyObject *key)
{
    Py_ssize_t found = find(self, key);
    return found == -2 ? -1 : found >= 0;
}

static Py_ssize_t
StringTable_length(StringTable *self)
{
    return self->count;
}

static PyObject *
StringTable_subscript(StringTable *self, PyObject *key)
{
    Py_ssize_t found = find(self, key);
    if (found < 0) {
        if (found == -1) {
            PyErr_SetObject(PyExc_KeyError, key);
        }
        return NULL;
    }
    PyObject *value = PyTuple_GET_ITEM(self->values, self->entries[found].value);
    Py_INCREF(value);
    return value;
}

static PyObject *
StringTable_get(StringTable *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 2) {
        PyErr_Format(PyExc_TypeError, "get expected 1 or 2 arguments, got %zd", nargs);
        return NULL;
    }
    Py_ssize_t found = find(self, args[0]);
    if (found == -2) {
        return NULL;
    }
    PyObject *value = found >= 0 ? PyTuple_GET_ITEM(self->values, self->entries[found].value)
                                 : (nargs == 2 ? args[1] : Py_None);
    Py_INCREF(value);
    return value;
}

static PyObject *
key_at(StringTable *self, uint32_t i)
{
    const Entry *entry = &self->entries[i];
    return PyUnicode_DecodeUTF8(self->pool + entry->offset, entry->length, "strict");
}

/* The keys (or the (key, value) pairs) in the order they were packed. */
static PyObject *
listed(StringTable *self, int pairs)
{
    PyObject *list = PyList_New(self->count);
    if (list == NULL) {
        return NULL;
    }
    for (uint32_t i = 0; i < self->count; i++) {
        PyObject *item = key_at(self, i);
        if (item != NULL && pairs) {
            PyObject *value = PyTuple_GET_ITEM(self->values, self->entries[i].value);
            PyObject *pair = PyTuple_Pack(2, item, value);
            Py_DECREF(item);
            item = pair;
        }
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, item);
    }
    return list;
}

static PyObject *
StringTable_keys(StringTable *self, PyObject *Py_UNUSED(ignored))
{
    return listed(self, 0);
}

static PyObject *
StringTable_items(StringTable *self, PyObject *Py_UNUSED(ignored))
{
    return listed(self, 1);
}

static PyObject *
StringTable_iter(StringTable *self)
{
    PyObject *keys = listed(self, 0);
    if (keys == NULL) {
        return NULL;
    }
    PyObject *iterator = PyObject_GetIter(keys);
    Py_DECREF(keys);
    return iterator;
}

static PyObject *
StringTable_reduce(StringTable *self, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("O(OO)", Py_TYPE(self), self->packed, self->values);
}

/* The entry of a key, or else, if `fold` is a callable and the key a string beyond ASCII, of
   fold(key) ("zürich" as "zurich"): -1 if neither; -2 on an error. */
static Py_ssize_t
find_or_fold(StringTable *self, PyObject *key, PyObject *fold)
{
    Py_ssize_t found = find(self, key);
    if (found != -1 || fold == Py_None || !PyUnicode_Check(key) || PyUnicode_IS_ASCII(key)) {
        return found;
    }
    PyObject *folded = PyObject_CallOneArg(fold, key);
    if (folded == NULL) {
        return -2;
    }
    found = find(self, folded);
    Py_DECREF(folded);
    return found;
}

/* holding(groups, field, fold): the (group, position) of each item of the lists in `groups`
   whose tuple item `field` (a word's lowercase form) the table holds, as written or folded,
   in order: one call where a loop would ask of each word (most words of a text start no
   name). */
static PyObject *
StringTable_holding(StringTable *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyList_Check(args[0]) || !PyLong_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "holding expects a list of lists, a field number and a callable or None");
        return NULL;
    }
    PyObject *groups = args[0], *fold = args[2];
    Py_ssize_t field = PyLong_AsSsize_t(args[1]);
    if (field < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_ValueError, "holding: a negative field number");
        }
        return NULL;
    }
    PyObject *found_items = PyList_New(0);
    if (found_items == NULL) {
        return NULL;
    }
    /* fold may run Python code: the lists and items are held while it does, and their sizes
       read again at every step */
    for (Py_ssize_t g = 0; g < PyList_GET_SIZE(groups); g++) {
        PyObject *group = PyList_GET_ITEM(groups, g);
        if (!PyList_Check(group)) {
            PyErr_SetString(PyExc_TypeError, "holding expects a list of lists");
            goto error;
        }
        Py_INCREF(group);
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(group); i++) {
            PyObject *item = PyList_GET_ITEM(group, i);
            if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) <= field) {
                PyErr_SetString(PyExc_TypeError, "holding expects lists of tuples with the field");
                Py_DECREF(group);
                goto error;
            }
            PyObject *key = PyTuple_GET_ITEM(item, field);
            Py_INCREF(key);
            Py_ssize_t found = find_or_fold(self, key, fold);
            Py_DECREF(key);
            if (found == -2) {
                Py_DECREF(group);
                goto error;
            }
            if (found >= 0) {
                PyObject *pair = Py_BuildValue("(nn)", g, i);
                if (pair == NULL || PyList_Append(found_items, pair) < 0) {
                    Py_XDECREF(pair);
                    Py_DECREF(group);
                    goto error;
                }
                Py_DECREF(pair);
            }
        }
        Py_DECREF(group);
    }
    return found_items;
error:
    Py_DECREF(found_items);
    return NULL;
}

/* The items of an iterable the table holds (held = 1) or does not hold (held = 0), as a set. */
static PyObject *
selected(StringTable *self, PyObject *items, int held)
{
    PyObject *iterator = PyObject_GetIter(items);
    if (iterator == NULL) {
        return NULL;
    }
    PyObject *chosen = PySet_New(NULL);
    PyObject *item;
    while (chosen != NULL && (item = PyIter_Next(iterator)) != NULL) {
        Py_ssize_t found = find(self, item);
        if (found == -2 || ((found >= 0) == held && PySet_Add(chosen, item) < 0)) {
            Py_CLEAR(chosen);
        }
        Py_DECREF(item);
    }
    Py_DECREF(iterator);
    if (chosen != NULL && PyErr_Occurred()) {
        Py_CLEAR(chosen);
    }
    return chosen;
}

static PyObject *
StringTable_among(StringTable *self, PyObject *items)
{
    return selected(self, items, 1);
}

static PyObject *
StringTable_without(StringTable *self, PyObject *items)
{
    return selected(self, items, 0);
}

static PyMethodDef StringTable_methods[] = {
    {"get", (PyCFunction)(void (*)(void))StringTable_get, METH_FASTCALL,
     "get(key, default=None): the key's value, as dict.get gives it"},
    {"keys", (PyCFunction)StringTable_keys, METH_NOARGS, "the keys, in the order they were packed, as a list"},
    {"items", (PyCFunction)StringTable_items, METH_NOARGS, "the (key, value) pairs, in order, as a list"},
    {"holding", (PyCFunction)(void (*)(void))StringTable_holding, METH_FASTCALL,
     "holding(groups, field, fold): the (group, position) of the items whose field the table holds"},
    {"among", (PyCFunction)StringTable_among, METH_O, "among(items): the set of the items the table holds"},
    {"without", (PyCFunction)StringTable_without, METH_O, "without(items): the set of the items it does not hold"},
    {"__reduce__", (PyCFunction)StringTable_reduce, METH_NOARGS, NULL},
    {NULL},
};

static PySequenceMethods StringTable_as_sequence = {.sq_contains = (objobjproc)StringTable_contains};

static PyMappingMethods StringTable_as_mapping = {
    .mp_length = (lenfunc)StringTable_length,
    .mp_subscript = (binaryfunc)StringTable_subscript,
};

static PyTypeObject StringTableType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mtcheck.language.native_tables.StringTable",
    .tp_doc = PyDoc_STR("StringTable(packed, values): a read-only str -> value table made by pack()"),
    .tp_basicsize = sizeof(StringTable),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = StringTable_new,
    .tp_dealloc = (destructor)StringTable_dealloc,
    .tp_as_sequence = &StringTable_as_sequence,
    .tp_as_mapping = &StringTable_as_mapping,
    .tp_iter = (getiterfunc)StringTable_iter,
    .tp_methods = StringTable_methods,
};

/* pack(keys, numbers): the bytes of a table of these distinct strings, the i-th standing for
   value number numbers[i]. */
static PyObject *
pack(PyObject *module, PyObject *args)
{
    PyObject *keys, *numbers;
    if (!PyArg_ParseTuple(args, "O!O!:pack", &PyList_Type, &keys, &PyList_Type, &numbers)) {
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(keys);
    if (PyList_GET_SIZE(numbers) != count) {
        PyErr_SetString(PyExc_ValueError, "as many value numbers as keys");
        return NULL;
    }
    if (count >= (Py_ssize_t)1 << 29) {
        PyErr_SetString(PyExc_ValueError, "too many keys to pack");
        return NULL;
    }
    uint64_t slot_count = 8;
    while (slot_count < 2 * (uint64_t)count) {
        slot_count *= 2;
    }
    uint64_t pool_size = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *key = PyList_GET_ITEM(keys, i);
        Py_ssize_t size;
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "keys must be strings");
            return NULL;
        }
        if (PyUnicode_AsUTF8AndSize(key, &size) == NULL) {
            return NULL;
        }
        pool_size += (uint64_t)size;
    }
    if (pool_size > UINT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "keys too long to pack");
        return NULL;
    }
    uint64_t slots_size = slot_count * sizeof(Slot);
    uint64_t total = sizeof(Header) + slots_size + (uint64_t)count * sizeof(Entry) + pool_size;
    PyObject *packed = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)total);
    if (packed == NULL) {
        return NULL;
    }
    char *bytes = PyBytes_AS_STRING(packed);
    memset(bytes, 0, (size_t)total);
    Header header = {.count = (uint32_t)count, .slot_count = (uint32_t)slot_count, .pool_size = (uint32_t)pool_size};
    memcpy(header.magic, MAGIC, sizeof MAGIC);
    memcpy(bytes, &header, sizeof header);
    Slot *slots = (Slot *)(bytes + sizeof header);
    Entry *entries = (Entry *)(bytes + sizeof header + slots_size);
    char *pool = bytes + sizeof header + slots_size + (size_t)count * sizeof(Entry);
    uint32_t offset = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t size;
        const char *data = PyUnicode_AsUTF8AndSize(PyList_GET_ITEM(keys, i), &size);
        long number = PyLong_AsLong(PyList_GET_ITEM(numbers, i));
        if (number < 0 || number > (long)UINT32_MAX) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "value numbers must be 0 to 2**32 - 1");
            }
            Py_DECREF(packed);
            return NULL;
        }
        uint64_t hash = hash_bytes(data, size);
        size_t slot = (size_t)(hash >> 32) & (size_t)(slot_count - 1);
        while (slots[slot].number != 0) {
            const Entry *other = &entries[slots[slot].number - 1];
            if (slots[slot].hash == (uint32_t)hash && other->length == (uint64_t)size &&
                memcmp(pool + other->offset, data, (size_t)size) == 0) {
                PyErr_SetString(PyExc_ValueError, "keys must be distinct");
                Py_DECREF(packed);
                return NULL;
            }
            slot = (slot + 1) & (size_t)(slot_count - 1);
        }
        slots[slot] = (Slot){.hash = (uint32_t)hash, .number = (uint32_t)i + 1};
        entries[i] = (Entry){.offset = offset, .length = (uint32_t)size, .value = (uint32_t)number};
        memcpy(pool + offset, data, (size_t)size);
        offset += (uint32_t)size;
    }
    return packed;
}

/* The CRC-32 of zlib (and of zip, PNG, Ethernet: polynomial 0x04C11DB7, reflected, its
   state inverted before and after) that checks every cache entry before a table or marshal
   reads it: some 10 MB a check of a long article, 2.6 % of its instructions through zlib's
   crc32, which takes about four instructions a byte. Where the processor multiplies without
   carries (PCLMULQDQ, x86-64 since 2010), 64 bytes at a time are folded into 128 bits with a
   few such products, as Intel's "Fast CRC Computation for Generic Polynomials Using
   PCLMULQDQ Instruction" (2009) describes, and the last 128 bits are reduced to 32 by
   Barrett's method; what is left under 16 bytes goes byte by byte through a table. The
   constants are powers of x modulo the polynomial, bit-reflected, from that paper. Elsewhere
   the module has no crc32 and mtcheck/language/user_cache.py takes zlib's. The tests hold the
   two to the same values at every length up to 1,100 bytes, on 1 MiB and on a mapped file. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define CAN_FOLD 1

static uint32_t crc_table[256];

static void
make_crc_table(void)
{
    for (uint32_t byte = 0; byte < 256; byte++) {
        uint32_t value = byte;
        for (int bit = 0; bit < 8; bit++) {
            value = (value >> 1) ^ (0xEDB88320u & (0u - (value & 1u)));
        }
        crc_table[byte] = value;
    }
}

static uint32_t
crc_bytewise(const unsigned char *data, size_t size, uint32_t state)
{
    while (size--) {
        state = crc_table[(state ^ *data++) & 0xFF] ^ (state >> 8);
    }
    return state;
}

/* The state after `size` bytes (64 or more, a multiple of 16), from `state`. */
__attribute__((target("pclmul,sse4.1"))) static uint32_t
crc_folded(const unsigned char *data, size_t size, uint32_t state)
{
    const __m128i k1k2 = _mm_set_epi64x(0x1c6e41596LL, 0x154442bd4LL); /* x^(4*128+32), x^(4*128-32) */
    const __m128i k3k4 = _mm_set_epi64x(0x0ccaa009eLL, 0x1751997d0LL); /* x^(128+32), x^(128-32) */
    const __m128i k5 = _mm_set_epi64x(0, 0x163cd6124LL);                /* x^64 */
    const __m128i barrett = _mm_set_epi64x(0x1f7011641LL, 0x1db710641LL); /* mu, the polynomial */
    const __m128i low32 = _mm_set_epi32(0, 0, 0, -1);
    __m128i x1 = _mm_loadu_si128((const __m128i *)data);
    __m128i x2 = _mm_loadu_si128((const __m128i *)(data + 16));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(data + 32));
    __m128i x4 = _mm_loadu_si128((const __m128i *)(data + 48));
    x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)state));
    data += 64;
    size -= 64;
    for (; size >= 64; data += 64, size -= 64) { /* four lanes, each folded 512 bits on */
        __m128i h1 = _mm_clmulepi64_si128(x1, k1k2, 0x11), h2 = _mm_clmulepi64_si128(x2, k1k2, 0x11);
        __m128i h3 = _mm_clmulepi64_si128(x3, k1k2, 0x11), h4 = _mm_clmulepi64_si128(x4, k1k2, 0x11);
        x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k1k2, 0x00), h1),
                           _mm_loadu_si128((const __m128i *)data));
        x2 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x2, k1k2, 0x00), h2),
                           _mm_loadu_si128((const __m128i *)(data + 16)));
        x3 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x3, k1k2, 0x00), h3),
                           _mm_loadu_si128((const __m128i *)(data + 32)));
        x4 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x4, k1k2, 0x00), h4),
                           _mm_loadu_si128((const __m128i *)(data + 48)));
    }
    /* the four lanes into one, then each 16 bytes left folded into it */
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x00), _mm_clmulepi64_si128(x1, k3k4, 0x11)), x2);
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x00), _mm_clmulepi64_si128(x1, k3k4, 0x11)), x3);
    x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x00), _mm_clmulepi64_si128(x1, k3k4, 0x11)), x4);
    for (; size >= 16; data += 16, size -= 16) {
        x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x00), _mm_clmulepi64_si128(x1, k3k4, 0x11)),
                           _mm_loadu_si128((const __m128i *)data));
    }
    /* 128 bits to 64 (with 32 zero bits appended), 64 to 32, then Barrett's reduction */
    x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), _mm_clmulepi64_si128(k3k4, x1, 0x01));
    x2 = _mm_srli_si128(x1, 4);
    x1 = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x1, low32), k5, 0x00), x2);
    x2 = x1;
    x1 = _mm_clmulepi64_si128(_mm_and_si128(x1, low32), barrett, 0x10);
    x1 = _mm_clmulepi64_si128(_mm_and_si128(x1, low32), barrett, 0x00);
    x1 = _mm_xor_si128(x1, x2);
    return (uint32_t)_mm_extract_epi32(x1, 1);
}

static PyObject *
crc32(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "crc32(data, value=0) takes one or two arguments");
        return NULL;
    }
    uint32_t value = 0;
    if (nargs == 2) {
        unsigned long given = PyLong_AsUnsignedLongMask(args[1]);
        if (given == (unsigned long)-1 && PyErr_Occurred()) {
            return NULL;
        }
        value = (uint32_t)given;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(args[0], &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    const unsigned char *data = view.buf;
    size_t size = (size_t)view.len;
    uint32_t state = ~value;
    if (size >= 64) {
        size_t folded = size & ~(size_t)15;
        Py_BEGIN_ALLOW_THREADS
        state = crc_folded(data, folded, state);
        Py_END_ALLOW_THREADS
        data += folded;
        size -= folded;
    }
    state = crc_bytewise(data, size, state);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(~state);
}

static PyMethodDef crc32_method = {
    "crc32", (PyCFunction)(void (*)(void))crc32, METH_FASTCALL,
    "crc32(data, value=0): zlib.crc32's value, folded with carry-less products (only where the processor has them)"};
#endif

/* spelled_out.skeleton for a word all in ASCII (None for any other: the Python reads it): the
 * word lowered; the digraphs of spelled_out._DIGRAPHS replaced in their order (shch, sch, sh
 * to s; ch to c; zh to z; kh to h; ts, tz to c); the letters of _LETTERS (x to ks, w to v, g to
 * h, j and y to i, ' and ` dropped); each run of one character but a line break made one
 * (_DOUBLED); and an i before a, e, o or u dropped (_IOTATED). The tables are written here
 * again: tests/test_native_tables.py holds this to the Python on words of every letter. */
static const char *const skeleton_digraphs[][2] = {
    {"shch", "s"}, {"sch", "s"}, {"sh", "s"}, {"ch", "c"}, {"zh", "z"}, {"kh", "h"}, {"ts", "c"}, {"tz", "c"},
};

static PyObject *
ascii_skeleton(PyObject *module, PyObject *word)
{
    (void)module;
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "ascii_skeleton(word: str)");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(word))
        Py_RETURN_NONE;
    const Py_ssize_t length = PyUnicode_GET_LENGTH(word);
    /* Two buffers in turn; x becomes two letters, so the letters' pass may double the length. */
    char *a = PyMem_Malloc(2 * length + 1), *b = PyMem_Malloc(2 * length + 1);
    if (!a || !b) {
        PyMem_Free(a);
        PyMem_Free(b);
        return PyErr_NoMemory();
    }
    const char *source = (const char *)PyUnicode_1BYTE_DATA(word);
    Py_ssize_t n = length;
    for (Py_ssize_t i = 0; i < n; i++)
        a[i] = (source[i] >= 'A' && source[i] <= 'Z') ? (char)(source[i] + 32) : source[i];
    for (size_t d = 0; d < sizeof skeleton_digraphs / sizeof skeleton_digraphs[0]; d++) {
        const char *digraph = skeleton_digraphs[d][0];
        const Py_ssize_t size = (Py_ssize_t)strlen(digraph);
        Py_ssize_t m = 0;
        for (Py_ssize_t i = 0; i < n;) {
            if (i + size <= n && memcmp(a + i, digraph, (size_t)size) == 0) {
                b[m++] = skeleton_digraphs[d][1][0];
                i += size;
            } else
                b[m++] = a[i++];
        }
        char *swap = a;
        a = b;
        b = swap;
        n = m;
    }
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        switch (a[i]) {
        case 'x':
            b[m++] = 'k';
            b[m++] = 's';
            break;
        case 'w':
            b[m++] = 'v';
            break;
        case 'g':
            b[m++] = 'h';
            break;
        case 'j':
        case 'y':
            b[m++] = 'i';
            break;
        case '\'':
        case '`':
            break;
        default:
            b[m++] = a[i];
        }
    }
    n = 0; /* runs of one character (not a line break) made one, into a */
    for (Py_ssize_t i = 0; i < m; i++)
        if (i == 0 || b[i] != b[i - 1] || b[i] == '\n')
            a[n++] = b[i];
    m = 0; /* an i before a, e, o or u dropped, into b */
    for (Py_ssize_t i = 0; i < n; i++)
        if (!(a[i] == 'i' && i + 1 < n && (a[i + 1] == 'a' || a[i + 1] == 'e' || a[i + 1] == 'o' || a[i + 1] == 'u')))
            b[m++] = a[i];
    PyObject *key = PyUnicode_FromStringAndSize(b, m);
    PyMem_Free(a);
    PyMem_Free(b);
    return key;
}

static PyMethodDef module_methods[] = {
    {"pack", pack, METH_VARARGS, "pack(keys, numbers): the bytes of a StringTable of these keys"},
    {"ascii_skeleton", ascii_skeleton, METH_O, "spelled_out.skeleton of an ASCII word, in C"},
    {NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT, "native_tables", "Read-only tables of strings packed into bytes.", -1, module_methods,
};

PyMODINIT_FUNC
PyInit_native_tables(void)
{
    if (PyType_Ready(&StringTableType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&module_definition);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddIntConstant(module, "FORMAT", FORMAT) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(&StringTableType);
    if (PyModule_AddObject(module, "StringTable", (PyObject *)&StringTableType) < 0) {
        Py_DECREF(&StringTableType);
        Py_DECREF(module);
        return NULL;
    }
#ifdef CAN_FOLD
    __builtin_cpu_init();
    if (__builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1")) {
        make_crc_table();
        PyObject *function = PyCFunction_NewEx(&crc32_method, NULL, NULL);
        if (function == NULL || PyModule_AddObject(module, "crc32", function) < 0) {
            Py_XDECREF(function);
            Py_DECREF(module);
            return NULL;
        }
    }
#endif
    return module;
}
