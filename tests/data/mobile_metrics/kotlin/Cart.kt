package shop

/* outer /* nested if (x) && */ still a comment: while (y) || */
class Cart(private val items: MutableList<Item> = mutableListOf()) : Store {
    init {
        if (items.size > 100) throw IllegalStateException()
    }

    constructor(item: Item) : this(mutableListOf(item)) {
        if (item.free) println("free")
    }

    var discount: Int = 0
        get() = if (field > 50) 50 else field
        set(value) {
            field = if (value < 0) 0 else value
        }

    fun total(): Int {
        var sum = 0
        for (item in items) {
            if (item.price > 0 && !item.free) {
                sum += item.price
            } else if (item.gift || item.sample) {
                continue
            } else {
                break
            }
        }
        return sum
    }

    fun label(code: Int, user: User?): String = when (code) {
        1, 2 -> "low"
        in 3..9 -> if (user?.vip == true) "vip" else "mid"
        else -> user?.name ?: "none"
    }

    suspend fun sync(api: Api, retries: Int) {
        var n = 0
        outer@ while (n < retries) {
            try {
                api.push(items)
                break@outer
            } catch (e: IOException) {
                n++
            } catch (e: Exception) {
                if (n > 3) throw e else n += 2
            } finally {
                log("try $n")
            }
        }
        do {
            n--
        } while (n > 0)
    }

    fun applyAll(codes: List<Int>) {
        codes.forEach { code ->
            if (code > 0) println(code)
        }
        val cb = object : Callback {
            override fun done(ok: Boolean) {
                if (!ok) retry()
            }
        }
        fun local(x: Int) = x > 0 || x < -10
        val msg = "count: ${if (codes.isEmpty()) 0 else codes.size}"
        println("$msg ${local(1)}")
    }

    fun render(): String {
        val raw = """say "if" and "while" here"""
        return raw
    }

    fun elvis(a: String?, b: String?): Int {
        val x = a?:b?:"-"
        return x.length
    }

    companion object {
        fun empty() = Cart()
    }
}

interface Store {
    fun load(id: Int): Item?
    fun loadAll(ids: List<Int>): List<Item> = ids.mapNotNull { load(it) }
}

enum class Level(val limit: Int) {
    LOW(10) {
        override fun check(n: Int) = n < limit
    },
    HIGH(100) {
        override fun check(n: Int) = n < limit && n > 10
    };

    abstract fun check(n: Int): Boolean
}

data class Item(val price: Int, val free: Boolean = false)

fun <T> List<T>.second(): T? = if (size > 1) this[1] else null

fun `totals are positive`() {
    check(Cart().total() >= 0) { "negative" }
}
