// Globs from settings and configuration files are untrusted: picomatch turns them into regular
// expressions, and passes plain parentheses through as groups, so "(a+)+" would backtrack
// exponentially on a long file name. Parentheses are matched literally and extglobs are off, which
// leaves *, **, ?, [...] and {a,b}; a glob too large to compile matches nothing.
import picomatch from 'picomatch';

const OPTIONS = { dot: true, noextglob: true } as const;

export function matchesGlob(subject: string, glob: string): boolean {
  try {
    return picomatch.isMatch(subject, glob.replace(/\\?([()])/g, '\\$1'), OPTIONS);
  } catch {
    return false;
  }
}
