package persist

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// writeTemp writes data to a new temporary file in dir, fsynced, and returns its path.
func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// writeAtomic replaces dir/name with data: the old contents or the new, whenever the process dies.
func writeAtomic(dir, name string, data []byte) error {
	tmp, err := writeTemp(dir, data)
	if err != nil {
		return err
	}
	if err := rename(tmp, filepath.Join(dir, name)); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(dir)
	return nil
}

// testHookRename, when set by a test, runs before each rename of a written file into place.
var testHookRename func(tmp, final string)

// rename moves a written temporary file over its final name. On Windows, where a virus scanner or
// indexer holding the file briefly makes MoveFileEx fail, it tries again for up to about a second.
func rename(tmp, final string) error {
	if testHookRename != nil {
		testHookRename(tmp, final)
	}
	err := os.Rename(tmp, final)
	for i := 0; err != nil && runtime.GOOS == "windows" && i < 20; i++ {
		time.Sleep(50 * time.Millisecond)
		err = os.Rename(tmp, final)
	}
	return err
}

// syncDir makes a rename in dir durable where the system allows it (not on Windows, where a
// directory cannot be fsynced and NTFS journals the rename). Errors are ignored: some file
// systems refuse to fsync a directory, and the rename itself already happened.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// readFile reads path and returns the FileInfo of the file it read (to tell it apart later from a
// file that replaced it).
func readFile(path string) ([]byte, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, err
	}
	return data, info, nil
}
