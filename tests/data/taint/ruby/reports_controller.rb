# Helpers that return the value of their last expression, without `return`.
class ReportsController < ApplicationController
  def index
    name = params[:name]
    # expect: a helper whose last expression interpolates its parameter
    @by_name = Report.where(name_clause(name))
    # safe: every branch of the helper is a constant
    @by_status = Report.where(status_clause(params[:status]))
    # expect: one elsif/else branch of the helper's value is tainted
    @picked = Report.find_by_sql("SELECT * FROM reports WHERE #{pick(name)}")
    # safe: a case whose every arm is a constant
    @ordered = Report.where(order_clause(params[:order]))
    # expect: the body before a rescue is the value
    @rescued = Report.where(with_rescue(name))
    # safe: the parameter is only logged; the value is a constant
    @logged = Report.where(logged(name))
    # expect: the else arm of a case returns the parameter
    @kinds = Report.where(kind_clause(params[:kind]))
    column = params[:sort] == "date" ? "created_at" : "id"
    # safe: the request only picks one of two constants
    @sorted = Report.where("1 = 1 ORDER BY #{column}")
    wanted = case params[:filter]
             in { title: } then title
             in String => raw then raw
             end
    # expect: pattern matching binds the request data
    @wanted = Report.where("name = '#{wanted}'")
  end

  private

  def name_clause(n)
    "name = '#{n}'"
  end

  def status_clause(s)
    if s == "open"
      "status = 'open'"
    else
      "status = 'closed'"
    end
  end

  def pick(n)
    if n.blank?
      "1 = 1"
    elsif n.start_with?("a")
      "name LIKE 'a%'"
    else
      "name = '#{n}'"
    end
  end

  def order_clause(o)
    case o
    when "date" then "created_at"
    else "id"
    end
  end

  def with_rescue(n)
    "name = '#{n}'"
  rescue ArgumentError
    "1 = 0"
  end

  def logged(n)
    Rails.logger.info(n)
    "1 = 1"
  end

  def kind_clause(k)
    case k
    when "a" then "kind = 'a'"
    else "kind = '#{k}'"
    end
  end
end
