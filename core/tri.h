// Tri: three-valued logic. Rules asking about a value static analysis cannot
// know get Unknown, which is not a finding unless the user asks for --strict.
#pragma once

namespace palisade {

enum class Tri { False, True, Unknown };

inline Tri triNot(Tri t) { return t == Tri::Unknown ? t : (t == Tri::True ? Tri::False : Tri::True); }
inline Tri triOf(bool b) { return b ? Tri::True : Tri::False; }

}  // namespace palisade
