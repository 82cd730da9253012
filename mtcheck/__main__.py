import signal
import sys

from mtcheck.files import forget_the_working_folder

forget_the_working_folder()  # before anything else is imported
# Ctrl-C while the CLI is still being imported: exit as main() would (130), without a traceback.
signal.signal(signal.SIGINT, lambda number, frame: sys.exit(130))

from mtcheck.entry import main  # noqa: E402

signal.signal(signal.SIGINT, signal.default_int_handler)  # from here main() turns it into exit 130
main()
