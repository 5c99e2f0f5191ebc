// Worked examples of SonarSource's "Cognitive Complexity" white paper,
// rewritten from its rules. Expected cognitive complexity in each comment.
class Examples {
  // 7: for +1, nested for +2, nested if +3, labelled continue +1
  int sumOfPrimes(int max) {
    int total = 0;
    OUT: for (int i = 1; i <= max; ++i) {
      for (int j = 2; j < i; ++j) {
        if (i % j == 0) {
          continue OUT;
        }
      }
      total += i;
    }
    return total;
  }

  // 1: the whole switch is one increment
  String getWords(int number) {
    switch (number) {
      case 1:
        return "one";
      case 2:
        return "a couple";
      case 3:
        return "a few";
      default:
        return "lots";
    }
  }

  // 9: if +1, for +2, while +3, catch +1, if in catch +2; try adds nothing
  void nesting() {
    try {
      if (condition1) {
        for (int i = 0; i < 10; i++) {
          while (condition2) {
            step();
          }
        }
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      if (condition2) {
        recover();
      }
    }
  }

  // 4: if +1, then one per run of like operators: && &&, || ||, && → +3
  boolean mixedOperators(boolean a, boolean b, boolean c, boolean d, boolean e, boolean f) {
    if (a && b && c || d || e && f) {
      return true;
    }
    return false;
  }

  // 2: if +1, one run of && +1
  boolean sameOperators(boolean a, boolean b, boolean c, boolean d) {
    if (a && b && c && d) {
      return true;
    }
    return false;
  }

  // 4: if +1, else if +1, else if +1, else +1; no nesting increments for else
  String elseChain(int n) {
    if (n > 10) {
      return "big";
    } else if (n > 5) {
      return "medium";
    } else if (n > 0) {
      return "small";
    } else {
      return "none";
    }
  }

  // 2: the lambda adds no increment but nests its if one level deeper
  void lambdaNesting() {
    Runnable r = () -> {
      if (condition1) {
        step();
      }
    };
  }

  // 3: ternary +1, nested ternary +2
  int ternaries(int a) {
    return a > 0 ? (a > 10 ? 2 : 1) : 0;
  }

  // 19: the paper's long example (its overriddenSymbolFrom), rebuilt with
  // other names: if +1; for +1; if +2 (nesting 1) and its && +1; if +3
  // (nesting 2); if +4 (nesting 3); if +5 (nesting 4); else if +1; if +1
  Symbol lookupOverride(Type type) {
    if (type.isUnknown()) {
      return Symbol.UNKNOWN;
    }
    boolean unknownSeen = false;
    for (Symbol candidate : type.members(name)) {
      if (candidate.isMethod()
          && !candidate.isStatic()) {
        Method method = (Method) candidate;
        if (overrides(method)) {
          Boolean matches = parametersMatch(method, type);
          if (matches == null) {
            if (!unknownSeen) {
              unknownSeen = true;
            }
          } else if (matches) {
            return method;
          }
        }
      }
    }
    if (unknownSeen) {
      return Symbol.UNKNOWN;
    }
    return null;
  }

  // 9: for +1, nested for +2, if +3 (nesting 2), labelled break +1, else if
  // +1, else +1; the plain `continue` and `break` are not increments
  void breakToLabel(int[][] grid, int target) {
    found:
    for (int[] row : grid) {
      for (int cell : row) {
        if (cell == target) {
          break found;
        } else if (cell < 0) {
          continue;
        } else {
          break;
        }
      }
    }
  }

  // 2: if +1, recursion +1 (once per method, however many calls)
  int fibonacci(int n) {
    if (n < 2) {
      return n;
    }
    return fibonacci(n - 1) + fibonacci(n - 2);
  }

  // 0: delegating to another overload is not recursion
  int total(int a) {
    return total(a, 0);
  }

  // 2: conditional expression +1, recursion through `this` +1
  int total(int a, int b) {
    return a == 0 ? b : this.total(a - 1, b + 1);
  }

  // 0: another object's method of the same name is not recursion
  int size() {
    return this.items.size();
  }

  // 4: switch +1, if in a case +2 (nesting 1), && +1
  int classify(int kind, boolean strict, boolean known) {
    switch (kind) {
      case 1:
        if (strict && known) {
          return 1;
        }
        return 2;
      default:
        return 0;
    }
  }
}
