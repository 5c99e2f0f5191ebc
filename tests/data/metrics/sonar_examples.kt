// Worked examples of SonarSource's "Cognitive Complexity" white paper,
// rewritten in Kotlin from its rules. Expected value in each comment.
class Examples {
    // 7: for +1, nested for +2, nested if +3, labelled continue +1
    fun sumOfPrimes(max: Int): Int {
        var total = 0
        outer@ for (i in 1..max) {
            for (j in 2 until i) {
                if (i % j == 0) {
                    continue@outer
                }
            }
            total += i
        }
        return total
    }

    // 1: the whole `when` is one increment
    fun getWords(number: Int): String {
        return when (number) {
            1 -> "one"
            2 -> "a couple"
            3 -> "a few"
            else -> "lots"
        }
    }

    // 0: the elvis operator is null-coalescing shorthand
    fun label(name: String?): String = name ?: "anonymous"

    // 3: if +1, else if +1, else +1
    fun sign(n: Int): Int {
        return if (n > 0) {
            1
        } else if (n < 0) {
            -1
        } else {
            0
        }
    }

    // 2: the lambda adds nothing but nests its if one level deeper
    fun lambdaNesting(items: List<Int>) {
        items.forEach {
            if (it > 0) {
                println(it)
            }
        }
    }

    // 2: if +1, recursion +1
    fun factorial(n: Long): Long {
        if (n <= 1) {
            return 1
        }
        return n * factorial(n - 1)
    }
}
