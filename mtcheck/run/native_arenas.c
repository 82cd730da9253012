/* The object allocator's arenas with their pages mapped at once (the native build; Linux).

   CPython's small-object allocator takes memory from the system in arenas of 1 MiB (mmap),
   whose pages the kernel maps one at a time, at the first write to each: a check of a 190 KB
   article takes 25 arenas, 6,400 of its 10,700 page faults. Mapped with MAP_POPULATE, an
   arena's pages come in one system call, which spares the fault of each page (the pages are
   still zeroed): half the faults, and 4 ms less system time on that check in three series
   of four; the cost is the last arena's pages not yet used (under 1 MiB). Arenas are
   returned to the system as before (munmap), so the ones made before the switch are freed
   alike.

   Only the command line switches (mtcheck/entry.py): a library caller's process keeps
   Python's allocator. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sys/mman.h>

#ifdef MAP_POPULATE
static void *
populated_arena(void *Py_UNUSED(context), size_t size)
{
    void *arena = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return arena == MAP_FAILED ? NULL : arena;
}

static void
freed_arena(void *Py_UNUSED(context), void *arena, size_t size)
{
    munmap(arena, size);
}
#endif

static int switched = 0;

/* populate_arenas(): from now on, new arenas come with their pages; True if so (False where
   the system cannot, or when Python's allocator is not its own mmap one, which is left be). */
static PyObject *
populate_arenas(PyObject *Py_UNUSED(module), PyObject *Py_UNUSED(ignored))
{
#ifdef MAP_POPULATE
    if (!switched) {
        PyObjectArenaAllocator current;
        PyObject_GetArenaAllocator(&current);
        /* CPython's own arenas are mmap'd and munmap'd with no context: another allocator
           (a debugger's, a tracer's) is kept */
        if (current.ctx != NULL) {
            Py_RETURN_FALSE;
        }
        PyObjectArenaAllocator populated = {NULL, populated_arena, freed_arena};
        PyObject_SetArenaAllocator(&populated);
        switched = 1;
    }
    Py_RETURN_TRUE;
#else
    Py_RETURN_FALSE;
#endif
}

static PyMethodDef module_methods[] = {
    {"populate_arenas", populate_arenas, METH_NOARGS,
     "populate_arenas(): from now on, the allocator's arenas come with their pages mapped (True if so)"},
    {NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "mtcheck.run.native_arenas",
    .m_doc = "The object allocator's arenas with their pages mapped at once (mtcheck/run/native_arenas.c).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit_native_arenas(void)
{
    return PyModule_Create(&module);
}
