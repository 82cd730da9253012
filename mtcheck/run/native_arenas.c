/* The object allocator's arenas in huge pages, or with their pages mapped at once (the native
   build; Linux).

   CPython's small-object allocator takes memory from the system in arenas of 1 MiB (mmap),
   whose pages the kernel maps one at a time, at the first write to each: a check of a 190 KB
   article takes some 25 arenas, 6,400 of its 10,700 page faults, and its objects are spread
   over 6,400 pages of 4 KiB, each a TLB entry.

   Where the kernel offers transparent huge pages (/sys/kernel/mm/transparent_hugepage/enabled
   is "always" or "madvise"), arenas are cut from regions aligned to 2 MiB and marked
   MADV_HUGEPAGE: a 2 MiB page is one fault, and the memory is mapped by 2 MiB pages. The
   regions are reserved (MAP_NORESERVE), not used: a page is only taken when first written, as
   before. A freed arena stays with its region and is the next one handed out, so the peak is
   the same as Python's own (the command is a short run: the memory goes back at exit). On
   reference B this saved 10 ms of system time and 5 of user time against the arenas below
   (medians of 20 interleaved runs; bench/throughput-2026-12-04h.md).

   Otherwise (no huge pages, or a region could not be had) an arena is mapped with
   MAP_POPULATE: its pages come in one system call, which spares the fault of each page. Such
   arenas are returned to the system as before (munmap), as are the ones made before the switch.

   Only the command line switches (mtcheck/entry.py): a library caller's process keeps
   Python's allocator, and a server (mtcheck serve, mtcheck lsp), which keeps running, asks for
   arenas mapped whole, which go back to the system when freed. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#ifdef MAP_POPULATE
#define HUGE_PAGE ((size_t)2 << 20)
#define REGION ((size_t)64 << 20) /* reserved at a time: 64 arenas */
#define MOST_REGIONS 64           /* 4 GiB; then arenas are mapped one by one */

static void *
mapped_whole(size_t size)
{
    void *arena = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return arena == MAP_FAILED ? NULL : arena;
}

static char *regions[MOST_REGIONS];
static int region_count = 0;
static char *unused = NULL, *region_end = NULL; /* the latest region's arenas not yet handed out */
static void *freed = NULL;                      /* freed arenas of the regions, each holding the next */
static size_t arena_size = 0;                   /* the allocator's (ARENA_SIZE), seen at its first call */
static int huge = 0;                            /* whether arenas come from regions */

/* A new region of huge pages, or 0 (and no more regions tried) */
static int
reserve_region(void)
{
    if (region_count == MOST_REGIONS)
        return 0;
    size_t want = REGION + HUGE_PAGE; /* room to align */
    char *raw = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED)
        return 0;
    char *start = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    char *end = start + REGION;
    if (start > raw)
        munmap(raw, (size_t)(start - raw));
    if (raw + want > end)
        munmap(end, (size_t)(raw + want - end));
#ifdef MADV_HUGEPAGE
    int marked = madvise(start, REGION, MADV_HUGEPAGE) == 0;
#else
    int marked = 0; /* headers from before huge pages */
#endif
    if (!marked) { /* a kernel without them after all */
        munmap(start, REGION);
        huge = 0;
        return 0;
    }
    regions[region_count++] = start;
    unused = start;
    region_end = end;
    return 1;
}

static int
in_a_region(const char *arena)
{
    for (int i = 0; i < region_count; i++) {
        if (arena >= regions[i] && arena < regions[i] + REGION)
            return 1;
    }
    return 0;
}

static void *
new_arena(void *Py_UNUSED(context), size_t size)
{
    if (arena_size == 0)
        arena_size = size;
    if (size == arena_size && freed != NULL) {
        void *arena = freed;
        freed = *(void **)arena;
        return arena;
    }
    /* Arenas tile the regions: any other size (never asked by CPython) is mapped alone. */
    if (!huge || size != arena_size || REGION % size != 0)
        return mapped_whole(size);
    if ((unused == NULL || unused == region_end) && !reserve_region())
        return mapped_whole(size);
    void *arena = unused;
    unused += size;
    return arena;
}

static void
freed_arena(void *Py_UNUSED(context), void *arena, size_t size)
{
    if (size == arena_size && in_a_region(arena)) {
        *(void **)arena = freed; /* kept for the next arena: its pages are already there */
        freed = arena;
        return;
    }
    munmap(arena, size);
}

/* Whether the kernel gives huge pages to memory marked for them */
static int
huge_pages_offered(void)
{
#ifndef MADV_HUGEPAGE
    return 0;
#endif
    FILE *setting = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (setting == NULL)
        return 0;
    char line[128] = {0};
    int offered = fgets(line, sizeof line, setting) != NULL
                  && (strstr(line, "[always]") != NULL || strstr(line, "[madvise]") != NULL);
    fclose(setting);
    return offered;
}

static int switched = 0;
#endif

/* switch_arenas(huge_pages=True): from now on, new arenas come in huge pages ("huge pages",
   where offered and wanted) or with their pages mapped ("mapped whole"); None where the
   system cannot, or when Python's allocator is not its own mmap one, which is left be. A
   second call changes nothing. (Should a region be refused its huge pages, arenas are mapped
   whole from then on, and a call says so.) */
static PyObject *
switch_arenas(PyObject *Py_UNUSED(module), PyObject *args, PyObject *keywords)
{
    static char *names[] = {"huge_pages", NULL};
    int wanted = 1;
    if (!PyArg_ParseTupleAndKeywords(args, keywords, "|p:switch_arenas", names, &wanted))
        return NULL;
#ifdef MAP_POPULATE
    if (!switched) {
        PyObjectArenaAllocator current;
        PyObject_GetArenaAllocator(&current);
        /* CPython's own arenas are mmap'd and munmap'd with no context: another allocator
           (a debugger's, a tracer's) is kept */
        if (current.ctx != NULL) {
            Py_RETURN_NONE;
        }
        huge = wanted && huge_pages_offered();
        PyObjectArenaAllocator ours = {NULL, new_arena, freed_arena};
        PyObject_SetArenaAllocator(&ours);
        switched = 1;
    }
    return PyUnicode_FromString(huge ? "huge pages" : "mapped whole");
#else
    (void)wanted;
    Py_RETURN_NONE;
#endif
}

static PyMethodDef module_methods[] = {
    {"switch_arenas", (PyCFunction)(void (*)(void))switch_arenas, METH_VARARGS | METH_KEYWORDS,
     "switch_arenas(huge_pages=True): from now on, the allocator's arenas come in huge pages "
     "(\"huge pages\", where the system offers them) or with their pages mapped (\"mapped whole\"); "
     "None if not switched"},
    {NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "mtcheck.run.native_arenas",
    .m_doc = "The object allocator's arenas in huge pages or mapped whole (mtcheck/run/native_arenas.c).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit_native_arenas(void)
{
    return PyModule_Create(&module);
}
