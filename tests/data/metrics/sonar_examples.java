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
}
