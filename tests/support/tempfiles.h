#pragma once

#include <QTemporaryDir>
#include <fstream>
#include <string>

/// Files written into a temporary directory that is removed with this object.
class TempFiles {
public:
    /// Writes `bytes` to the file `name` in the directory and returns its path.
    std::string write(const std::string& name, const std::string& bytes) {
        const std::string path = m_dir.filePath(QString::fromStdString(name)).toStdString();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    std::string dir() const { return m_dir.path().toStdString(); }

private:
    QTemporaryDir m_dir;
};
