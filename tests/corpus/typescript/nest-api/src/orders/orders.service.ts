// Orders service of the NestJS API: TypeORM repositories and raw reports.
import { Injectable, NotFoundException } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { DataSource, Repository } from "typeorm";
import { Order } from "./order.entity";

export interface OrderFilter {
  status?: string;
  customer?: string;
  sort?: string;
}

@Injectable()
export class OrdersService {
  constructor(
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    private readonly dataSource: DataSource,
  ) {}

  async findOne(id: string): Promise<Order> {
    const order = await this.orders
      .createQueryBuilder("o")
      // techlead-expect: typescript-typeorm-query-builder-injection
      .where(`o.id = ${id}`)
      .getOne();
    if (!order) throw new NotFoundException();
    return order;
  }

  async findOneSafe(id: string): Promise<Order | null> {
    return this.orders
      .createQueryBuilder("o")
      // techlead-safe
      .where("o.id = :id", { id })
      .getOne();
  }

  async list(filter: OrderFilter): Promise<Order[]> {
    const qb = this.orders.createQueryBuilder("o").where("o.deletedAt IS NULL");
    if (filter.customer) {
      // techlead-known-miss: typescript-typeorm-query-builder-injection the builder is held in a variable, so the chain does not show createQueryBuilder
      qb.andWhere("o.customer = '" + filter.customer + "'");
    }
    if (filter.status) {
      // techlead-safe
      qb.andWhere("o.status = :status", { status: filter.status });
    }
    return qb.getMany();
  }

  async sorted(column: string): Promise<Order[]> {
    // techlead-expect: typescript-typeorm-query-builder-injection
    return this.orders.createQueryBuilder("o").orderBy(`o.${column}`, "DESC").getMany();
  }

  async revenue(region: string): Promise<{ total: number }[]> {
    // techlead-expect: typescript-sql-string-concat
    return this.dataSource.query(`SELECT sum(total) AS total FROM orders WHERE region = '${region}'`);
  }

  async revenueSafe(region: string): Promise<{ total: number }[]> {
    // techlead-safe
    return this.dataSource.query("SELECT sum(total) AS total FROM orders WHERE region = $1", [region]);
  }

  async archive(before: Date): Promise<void> {
    const cutoff = before.toISOString();
    // techlead-expect: typescript-sql-string-concat
    await this.dataSource.query("DELETE FROM orders WHERE created_at < '" + cutoff + "'");
  }

  async count(): Promise<number> {
    // techlead-safe
    const [row] = await this.dataSource.query("SELECT count(*)::int AS n FROM orders");
    return row.n;
  }

  label(order: Order): string {
    // techlead-safe
    return "Order #" + order.id + " for " + order.customer;
  }
}
